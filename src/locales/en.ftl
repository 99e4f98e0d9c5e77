## renew-bot, English

sandbox-banner = 🧪 SANDBOX: test aggregators, no real money moves.

## Main menu
welcome =
    Namaste, { $name }! 👋
    Renew your internet in a few taps: choose your provider, type your username, pay from your wallet.
menu-title = What would you like to do?
menu-renew = 🌐 Renew internet
menu-accounts = 📒 My accounts
menu-wallet = 👛 Wallet
menu-history = 🧾 History
menu-language = 🗣 Language
menu-help = ❓ Help
menu-back = ⬅️ Menu
menu-agentpay = 🧾 Pay for a customer
menu-customers = 📇 My customers
menu-admin = 🛠 Admin
help =
    How it works:
    1. Renew internet → choose your provider (type part of its name to filter).
    2. Type your username or customer ID, as printed on your bill.
    3. Check your plan and dues, choose a package, and confirm.
    4. The amount is paid from your wallet and you get a receipt.

    Top up your wallet through an agent (hand them cash), or by card when the bot offers it.
    /renew to start, /wallet for your balance, /history for receipts, /cancel to stop any dialogue.

## Commands (shown in Telegram's menu)
cmd-start = Main menu
cmd-renew = Renew internet
cmd-accounts = My saved accounts
cmd-wallet = Wallet balance and top-up
cmd-history = Past payments and receipts
cmd-language = Change language
cmd-help = How it works
cmd-cancel = Stop the current dialogue
cmd-become_agent = Become an agent (shops)
cmd-cashin = Move float money to a customer's wallet
cmd-statement = Your statement as a CSV file
cmd-pending = Payments waiting for an outcome
cmd-stats = Payments, volume and balances
cmd-find = Find payments by reference, account or user
cmd-agents = Agents, their float and today's volume
cmd-agent = Add or remove an agent
cmd-credit = Fund a wallet or an agent's float
cmd-commission = Set an ISP's agent commission
cmd-broadcast = Send a notice to customers

## Choosing the provider
isp-pick = Choose your internet provider, or type part of its name:
isp-pick-filtered = Providers matching “{ $filter }”:
isp-none = No provider matches “{ $filter }”. Type another part of the name, or press Renew for the full list.
isp-recent = ⭐ { $name }
btn-prev = ◀️
btn-next = ▶️
page-of = { $page }/{ $pages }

## Account
ask-account-username =
    { $isp }: type the username of the internet account.
    Example: { $example }
ask-account-customer-id =
    { $isp }: type the customer ID, as on your bill.
    Example: { $example }
ask-account-either =
    { $isp }: type the customer ID (as on your bill) or the username of the internet account. Either works.
    Examples: { $customerId } (customer ID) · { $username } (username)
bad-account-username = “{ $input }” is not a username: use letters, digits and . _ - @ (at most 64). Try again, or /cancel.
bad-account-customer-id = “{ $input }” is not a customer ID: use letters, digits and . _ - / @ without spaces (at most 50), as on your bill, e.g. { $example }. Try again, or /cancel.
bad-account-either = “{ $input }” is neither a customer ID nor a username: use letters, digits and . _ - @ without spaces. Try again, or /cancel.
looking-up = 🔎 Looking up { $account } at { $isp }…
lookup-rejected =
    { $isp } says: { $reason }
    Check the { $field } and type it again, or /cancel.
lookup-rejected-final = { $isp } says: { $reason }
lookup-unavailable = { $isp } cannot be reached right now. Nothing was paid. Please try again in a few minutes.
lookup-malformed = The payment service answered something we could not read. Nothing was paid. Please try again later.
field-username = username
field-customer-id = customer ID
field-customer-id-or-username = customer ID or username

## Customer card
card-name = 👤 { $name }
card-account = 🔑 { $account }
card-plan = 📶 Plan: { $plan }
card-status = Status: { $status }
card-days = ⏳ Days left: { $days }
card-expires = 📅 Expires: { $date }
card-due = 💰 Due: { $amount }
card-message = ℹ️ { $message }
choose-connection = This customer has several connections. Which one to renew?
choose-option = Choose what to pay:
choose-package = Choose a package:
choose-duration = { $package }: choose the duration:
current-mark = ✓
option-due = Pay the due
not-payable-office =
    This customer's first payment cannot be made online: please pay at the nearest { $isp } office.
    { $reason }
nothing-to-pay = There is nothing to pay for this account right now. { $reason }

## Confirmation
confirm-title = Please confirm:
confirm-line-isp = 🌐 { $isp } · { $account }
confirm-line-option = 📦 { $option }
confirm-line-package = Package: { $amount }
confirm-line-due = Due: { $amount }
confirm-total = Total: { $amount }
confirm-balance = Wallet: { $balance } → after paying: { $after }
confirm-short = Wallet: { $balance }. You need { $short } more.
btn-pay = ✅ Pay { $amount }
btn-cancel = ✖️ Cancel
btn-back = ⬅️ Back

## Paying
processing = ⏳ Paying { $amount } for { $account }…
paid-title = ✅ Paid. Your internet is renewed.
receipt-title = 🧾 Receipt No. { $number }
receipt-time = Time: { $time }
receipt-isp = Provider: { $isp }
receipt-account = Account: { $account }
receipt-customer = Customer: { $name }
receipt-package = Package: { $package }
receipt-amount = Amount: { $amount }
receipt-breakdown-package = · package { $amount }
receipt-breakdown-due = · due { $amount }
receipt-upstream = Transaction ID: { $id }
receipt-reference = Reference: { $reference }
receipt-paid-by = Paid by: { $payer }
receipt-paid-for = For: { $for }
receipt-self = self
pending =
    ⏳ Your payment of { $amount } is waiting for confirmation from the provider.
    The money is held in your wallet, not spent. We will message you as soon as it is settled.
    Reference: { $reference }
failed =
    ❌ The payment did not go through: { $reason }
    Your wallet was not charged.
already-paying = This renewal is already being paid.
payment-in-flight =
    ⏳ Your earlier payment for { $account } is still being checked with the provider, so it is not paid again now.
    Nothing was charged this time. You will get a message when that payment is settled; renew again after that if you still need to.
short-balance =
    Your wallet has { $available }; this renewal costs { $amount }.
    You need { $short } more.
short-agent = To top up, hand cash to a renew-bot agent near you: they fund your wallet at once. Then come back and press Pay again.
btn-topup = 💳 Top up { $amount } by card
invoice-title = Wallet top-up
invoice-description = Adds { $amount } to your renew-bot wallet, then finishes renewing { $account } ({ $isp }).
invoice-label = Wallet top-up
topup-credited = ✅ { $amount } was added to your wallet.
topup-continues = Finishing your renewal…
topup-refused = This top-up no longer matches a renewal. Please start again with /renew.
topup-unmatched = We received a card payment that does not match an invoice of ours, so it was not added to your wallet. An admin will look at it (charge { $charge }).
topup-delayed = Your card payment of { $amount } went through. We could not add it to your wallet just now; it will be added automatically shortly, and we will tell you.

## Later news about a pending payment
resolved-success = ✅ Good news: your pending payment of { $amount } for { $account } ({ $isp }) went through.
resolved-failed =
    ❌ Your pending payment of { $amount } for { $account } ({ $isp }) did not go through.
    The money was returned to your wallet.

## Wallet
wallet-title = 👛 Your wallet
wallet-balance = Balance: { $amount }
wallet-held = Held for pending payments: { $amount }
wallet-available = Available: { $amount }
wallet-moves = Last movements:
wallet-no-moves = No movements yet.
move-grant = ➕ { $amount } added by an admin
move-topup = ➕ { $amount } card top-up
move-settle = ➖ { $amount } { $memo }
move-adjust = { $amount } adjustment
wallet-topup-how = To top up, hand cash to a renew-bot agent: they fund your wallet at once.
btn-demo-money = 🧪 Add { $amount } test money
demo-money-added = 🧪 { $amount } of test money added.

## History
history-title = 🧾 Your payments (page { $page }):
history-empty = No payments yet. Press Renew to make your first one.
history-row = { $status } { $date } · { $isp } · { $amount }
status-succeeded = ✅
status-failed = ❌
status-pending = ⏳
receipt-none = This payment has no receipt: it { $state ->
    [failed] did not go through.
   *[other] is not settled yet.
}

## Saved accounts
accounts-title = 📒 Your saved accounts:
accounts-empty = No saved accounts yet. After a renewal, the bot offers to save the account.
account-row = { $name } · { $isp } · { $account }
account-actions = { $name }: { $isp } · { $account }
btn-renew-this = 🌐 Renew
btn-rename = ✏️ Rename
btn-remove = 🗑 Remove
btn-save = 📒 Save this account
ask-account-name = Type a name for this account (e.g. Home, Shop):
bad-account-name = A name has 1 to 40 characters. Try again, or /cancel.
account-saved = ✅ Saved as “{ $name }”.
account-exists = This account is already saved.
account-name-taken = You already have an account called “{ $name }”. Type another name, or /cancel.
account-renamed = ✅ Renamed to “{ $name }”.
account-removed = 🗑 “{ $name }” was removed.

## Language
language-choose = Choose your language:
language-set = ✅ Language: English

## Dialogue control
cancelled = Cancelled. Nothing was paid.
nothing-to-cancel = There is nothing to cancel.
idle-timeout = This dialogue was closed after { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } without activity. Nothing was paid. Press Renew to start again.
button-expired = This button has expired.
use-buttons = Please use the buttons above, or /cancel.
error-generic = Sorry, something went wrong on our side. Nothing was paid twice. Please try again.
rate-limited = You are sending messages too fast; I skipped one. Please wait a moment.
not-allowed = Sorry, this is not available to you.
private-only = I work in private chats only. Please message me directly.

## Broadcasts
bc-ask = 📣 New notice. Send its text, or a photo with a caption: it goes out exactly as you send it, formatting included. /cancel to stop.
bc-bad-notice = A notice is a text (up to { $text } characters) or a photo with a caption (up to { $caption } characters). Send one, or /cancel.
bc-audience = 📣 Who gets this notice?
bc-to-all = 👥 Everyone · { $people }
bc-to-agents = 🏪 Agents · { $people }
bc-to-isp = 🌐 Customers of one ISP
bc-isp-row = { $isp } · { $people }
bc-choose-isp = 🌐 Customers of which ISP? (People with a saved account or a payment there, except those who muted its notices.)
bc-no-isps = Nobody has a saved account or a payment at any ISP yet.
bc-more = More ›
bc-audience-all = everyone
bc-audience-agents = the agents
bc-audience-isp = customers of { $isp }
bc-preview-above = 👆 This is the notice exactly as it will arrive.
bc-confirm = To: { $audience } · { $people ->
        [one] { $people } person
       *[other] { $people } people
    }
    At { $rate } messages per second, sending takes about { $time }.
bc-nobody = Nobody is in this audience ({ $audience }) now.
bc-urgent = ⚡ Urgent, as a paid broadcast: up to { $rate } messages per second, about { $time } ({ $saved } sooner). Estimated cost: { $stars } Telegram Stars from the bot's balance (0.1 Star per message above the free 30 per second).
bc-btn-send = ✅ Send to { $people }
bc-btn-urgent-off = ⚡ Urgent (paid): off
bc-btn-urgent-on = ⚡ Urgent (paid): on
bc-btn-audience = ↩️ Audience
bc-btn-drop = ✖️ Cancel
bc-dropped = The notice was not sent.
bc-started = Sending.
bc-btn-pause = ⏸ Pause
bc-btn-resume = ▶️ Resume
bc-btn-stop = ✖️ Cancel broadcast
bc-progress-title = 📣 Broadcast #{ $id } to { $audience }: { $state ->
        [sending] sending
        [paused] ⏸ paused
        [done] ✅ finished
       *[other] ✖️ cancelled
    }
bc-progress-counts = ✅ Sent { $sent } · 🚫 Blocked { $blocked } · ⚠️ Failed { $failed } · ⏳ Left { $left }
bc-progress-rate = { $rate } messages per second · about { $time } left
bc-progress-paid = ⚡ Paid broadcast
bc-cancel-again = Press Cancel again within 10 seconds to stop this broadcast for good.
bc-paused = Paused. Press Resume to go on.
bc-resumed = Sending again.
bc-cancelled = Cancelled: nobody else gets it.
bc-report-done = ✅ Broadcast #{ $id } finished in { $time }: { $sent } sent, { $blocked } blocked (they stopped the bot), { $failed } failed, of { $total }.
bc-report-cancelled = ✖️ Broadcast #{ $id } cancelled after { $time }: { $sent } sent, { $blocked } blocked (they stopped the bot), { $failed } failed, of { $total }.
bc-report-left = { $left } did not get it.
bc-mute = 🔕 No more notices about { $isp }
bc-unmute = 🔔 Notices about { $isp } again
bc-muted = You will get no more notices about { $isp }.
bc-unmuted = You will get notices about { $isp } again.
bc-duration = { $h ->
        [0] { $m ->
            [0] { $s } s
           *[other] { $m } min { $s } s
        }
       *[other] { $h } h { $m } min
    }

## Admin
admin-panel = 🛠 Admin
    /pending: payments whose outcome is unknown
    /stats [today|7d|30d]: payments, volume, balances, aggregators' credit
    /find <reference|account|user-id>: payments and their receipts
    /agents · /agent add <user-id> · /agent remove <user-id>
    /credit <user-id> <rupees> [note]: fund a wallet or an agent's float
    /commission <isp> <percent> · /broadcast
admin-btn-pending = ⏳ Pending
admin-btn-stats = 📊 Stats
admin-btn-agents = 👥 Agents
admin-btn-broadcast = 📣 Broadcast
admin-use-broadcast = Use /broadcast to write a notice.
admin-aggregator = { $aggregator ->
    [khalti] Khalti
    [globaltopup] Global Topup
   *[other] { $aggregator }
}
admin-agent-usage = Use: /agent add <user-id> or /agent remove <user-id>
admin-agent-added = ✅ { $user } is now an agent.
admin-agent-already = { $user } is already an agent.
admin-agent-removed = ✅ { $user } is no longer an agent.
admin-agent-not-agent = { $user } is not an agent.
admin-agents-none = No agents yet. Add one with /agent add <user-id>.
admin-agents-title = 👥 Agents: { $count } (float · today's payments for customers, Nepal time)
admin-agents-row = { $n }. { $shop } · { $user }
    Float { $float } · today { $volume } ({ $count })
admin-agents-more = …and { $count } more.
admin-agent-request = 🏪 Request #{ $id } to become an agent: { $user }, shop “{ $shop }”.
admin-btn-approve = ✅ Approve
admin-btn-decline = ✖️ Decline
admin-request-approved = ✅ Request #{ $id } approved: { $user } (“{ $shop }”) is now an agent.
admin-request-declined = ✖️ Request #{ $id } declined: { $user } (“{ $shop }”).
admin-request-decided = This request was already { $state ->
    [approved] approved
    [declined] declined
   *[other] decided
}.
agent-ask-shop = What is your shop's name? (or /cancel)
agent-bad-shop = A shop name has 1 to 60 characters. Try again, or /cancel.
agent-request-sent = 📨 Your request for “{ $shop }” went to the admins. You will hear from me when they decide.
agent-request-waiting = Your request to become an agent is waiting for an admin.
agent-already-you = You are already an agent.
agent-requests-closed = Requests to become an agent are not open yet.
agent-request-approved = 🎉 Your request for “{ $shop }” was approved: you are now an agent. Send /start to see your menu.
agent-request-declined = Your request for “{ $shop }” to become an agent was declined.
agent-you-are-agent = 🎉 An admin made you an agent. Send /start to see your menu.
agent-you-are-removed = You are no longer an agent. Your agent menu is gone; your wallet is as it was.
admin-credit-usage = Use: /credit <user-id> <rupees> [note], e.g. /credit 123456789 5000 cash received
admin-credit-ask-wallet = 💰 Add { $amount } to the wallet of { $user }?
admin-credit-ask-float = 💰 Add { $amount } to the agent float of { $user } (shop “{ $shop }”)?
admin-credit-note = Note: { $note }
admin-credit-expires = This confirmation expires in { $minutes } minutes.
admin-btn-credit = ✅ Add { $amount } for { $name }
admin-btn-cancel = ✖️ Cancel
admin-credit-done-wallet = ✅ Added { $amount } to the wallet of { $user }. Wallet now { $balance }.
admin-credit-done-float = ✅ Added { $amount } to the agent float of { $user }. Float now { $balance }.
admin-credit-already = This credit was already made.
admin-credit-cancelled = Cancelled: nothing was added.
admin-credit-expired = This confirmation expired: nothing was added. Use /credit again.
admin-credit-not-agent = { $user } is no longer an agent: nothing was added. Use /credit again to fund their wallet.
credit-received-wallet = 💰 { $amount } was added to your wallet. Balance: { $balance }.
credit-received-float = 💰 { $amount } was added to your agent float. Float: { $balance }.
admin-pending-none = ✅ No payment is waiting for an outcome.
admin-pending-title = ⏳ Payments with an unknown outcome: { $count }. Showing the { $shown } oldest:
admin-find-usage = Use: /find <reference|account|user-id>
admin-find-none = Nothing found for “{ $query }”.
admin-find-title = 🔎 Payments for “{ $query }”: { $count }. Showing the { $shown } newest (a reference finds one):
admin-pay-title = { $state ->
    [pending] ⏳ Pending
    [submitted] ⏳ Sent, no answer yet
    [succeeded] ✅ Succeeded
    [failed] ❌ Failed
   *[other] { $state }
} · { $isp } · { $account }
admin-pay-amount = Amount: { $amount } · { $package }
admin-pay-payer = Payer: { $payer } (wallet)
admin-pay-payer-float = Payer: agent { $payer } (float)
admin-pay-made = Made: { $time } (Nepal time)
admin-pay-flagged = ⚠️ Waiting for an admin after { $count } unclear answers.
admin-pay-last = Aggregator's last word: { $message }
admin-btn-check = 🔄 Check now
admin-btn-success = ✅ Resolve as success
admin-btn-fail = ↩️ Fail and refund
admin-btn-refund = ↩️ Yes, fail and refund
admin-refund-ask = Mark this payment failed and give { $amount } back to { $payer }?
admin-checking = Asking the aggregator…
admin-check-unknown = 🔄 Checked: still unknown ({ $message }).
admin-check-settled = 🔄 Checked: the aggregator says it { $state ->
    [succeeded] succeeded. The payer is told.
   *[other] failed; the money is back with the payer, who is told.
}
admin-refunded = ↩️ Marked failed; { $amount } is back with the payer, who is told.
admin-nothing-changed = ℹ️ Nothing changed: this payment is { $state ->
    [succeeded] already settled as a success.
    [failed] already failed (refunded).
    [submitted] being paid right now; check again in a minute.
    [gone] not found.
   *[other] { $state }.
}
admin-resolve-ask = Type the aggregator's transaction id for reference { $reference } ({ $amount }), or /cancel.
admin-resolve-bad-id = A transaction id is one word of letters, digits and . _ : / - (up to 64). Try again, or /cancel.
admin-resolved-success = ✅ Reference { $reference } ({ $amount }) settled as a success with transaction id { $id }. The payer is told.
admin-stats-usage = Use: /stats, /stats 7d or /stats 30d
admin-stats-title = 📊 { $days ->
    [0] Today (since midnight, Nepal time)
   *[other] The last { $days } days
}
admin-stats-payments = Payments: { $count } · succeeded { $succeeded } · failed { $failed } · open { $open }
admin-stats-rate = Success rate: { $rate }% of { $decided } decided
admin-stats-volume = Volume (succeeded): { $amount }
admin-stats-by-isp = By provider:
admin-stats-isp = • { $isp }: { $count } payments, { $succeeded } succeeded, { $amount }
admin-stats-more-isps = …and { $count } more providers.
admin-stats-pending = Pending now: { $count } ({ $flagged } waiting for an admin: /pending)
admin-stats-wallets = Wallets: { $amount } (held { $held })
admin-stats-floats = Agents' floats: { $amount } (held { $held })
admin-credit-available = { $aggregator } credit: { $amount }
admin-credit-low = ⚠️ { $aggregator } credit is low: { $amount }, below { $limit }. Top it up with the aggregator.
admin-credit-no-api = { $aggregator } credit: no balance API
admin-credit-failed = { $aggregator } credit: could not be read now

## Agents
agent-home-title = 🧾 Pay for a customer
agent-float = Your float: { $amount } available
agent-today = Paid for customers today: { $used } of { $limit } (at most { $max } a payment)
agent-home-pick = Tap a saved customer to renew them, or start with a new one:
agent-home-new = Start with a new customer:
agent-isp-pick = 🧾 Paying for a customer from your float. Choose their internet provider, or type part of its name:
agent-ask-customer = The customer's mobile number, for the receipt? Type it, or share their contact (📎 → Contact), or press Skip.
agent-bad-phone = That is not a phone number (e.g. 9841234567). Type it again, share a contact, press Skip, or /cancel.
agent-confirm-for = 👤 For: { $customer }
agent-confirm-commission = Your commission: { $amount } ({ $rate }%)
agent-confirm-float = Your float: { $balance } → after paying: { $after }
agent-confirm-float-short = Your float: { $balance }. It is short by { $short }: ask an admin to fund your float.
agent-paid-title = ✅ Paid for { $customer }. Their internet is renewed.
agent-payer = { $name } (agent)
agent-commission-credited = 💰 Commission { $amount } credited to your float.
agent-float-now = Your float: { $amount } available.
agent-receipt-sent = 📨 The receipt was also sent to the customer on Telegram.
agent-receipt-later = 📨 The customer gets the receipt when they next open this bot.
agent-receipt-forward = Forward the receipt above to the customer.
customer-receipt-title = 🧾 { $agent } renewed your internet. Your receipt:
btn-new-customer = ➕ New customer
btn-pay-another = 🧾 Pay for another customer
btn-save-customer = 📇 Save this customer
btn-skip = ⏭ Skip
btn-search = 🔍 Search
btn-remove-customers = 🗑 Remove…
btn-done = ✅ Done
customer-row = { $name } · { $isp } · { $account }
customers-title = 📇 Your customers ({ $count }). Tap one to renew them now:
customers-title-remove = 🗑 Tap a customer to remove them from your list:
customers-empty = You have no saved customers yet. After paying for one, press “Save this customer”.
customers-search-ask = 🔍 Type part of a customer's name, account or phone number:
customers-search-bad = Type 1 to 40 characters, or /cancel.
customers-found = Customers matching “{ $text }” ({ $count }). Tap one to renew them now:
customers-none = No saved customer matches “{ $text }”.
customer-saved = Saved “{ $name }” to your customers.
customer-updated = “{ $name }” is already saved; their phone and contact are updated.
customer-removed = 🗑 “{ $name }” was removed.
limit-pay-transaction = ⛔ Over the limit for one payment for a customer: { $limit } (this one is { $amount }). Nothing was paid.
limit-pay-day = ⛔ Over your daily limit for payments for customers: { $limit } a day, { $used } used today (this one is { $amount }). Nothing was paid.
limit-cashin-transaction = ⛔ Over the limit for one cash-in: { $limit } (this one is { $amount }). Nothing was moved.
limit-cashin-day = ⛔ Over the customer's daily cash-in limit: { $limit } a day into one wallet through agents, { $used } already today (this one is { $amount }). Nothing was moved.
cashin-usage = To move money from your float to a customer's wallet: /cashin <user-id> <rupees>, e.g. /cashin 123456789 500. The customer finds their user id under Wallet.
cashin-self = You cannot cash in to your own wallet.
cashin-unknown = I do not know user { $id }. Check the number; the customer must have opened this bot (/start) first.
cashin-short = Your float has { $float }; this cash-in needs { $amount }. Nothing was moved.
cashin-confirm-title = 💵 Cash-in: please confirm
cashin-from = From: { $agent } (your float: { $float } available)
cashin-to = To: { $customer } (user { $id })
cashin-amount = Amount: { $amount }
cashin-effect = { $customer }'s wallet gets { $amount }; your float goes to { $after }. Take the cash first.
btn-cashin-confirm = ✅ Move { $amount }
cashin-cancelled = Cancelled. Nothing was moved.
cashin-done = ✅ { $amount } moved to { $customer }'s wallet. Your float: { $float }.
cashin-told = { $customer } was told.
cashin-not-told = { $customer } could not be told on Telegram; please tell them yourself.
cashin-received = 💰 { $agent } (agent) added { $amount } to your wallet. Your balance: { $balance }.
move-cashin = ➕ { $amount } cash-in through an agent
wallet-user-id = Your user id (an agent needs it for a cash-in): { $id }
commission-title = Agents' commission per provider (credited to the agent's float when a payment for a customer succeeds):
commission-row = { $isp }: { $rate }% (set by { $by } on { $at })
commission-none = No rates set yet: every provider is at 0%.
commission-usage = To set one: /commission <isp> <percent>, e.g. /commission worldlink 1.5
commission-confirm = Set the agents' commission for { $isp } to { $rate }% (now { $before }%)? It applies to payments for customers made from now on.
btn-commission-confirm = ✅ Set { $rate }%
commission-cancelled = Cancelled. The rate is unchanged.
commission-set = ✅ { $isp }: agents' commission is now { $rate }% (was { $before }%). Recorded as set by admin { $admin }.
statement-usage = /statement shows today. Also: /statement yesterday, /statement 2026-11-01, /statement 2026-11-01..2026-11-30 (Nepal dates).
statement-too-long = A statement covers at most { $days } days.
statement-title = 📊 Your statement, { $days } (Nepal time). The CSV file above has every line.
statement-payments = Payments for customers: { $count } · { $amount }
statement-pending = Still being checked: { $count } · { $amount } (held)
statement-failed = Failed (not charged): { $count }
statement-cashins = Cash-ins: { $count } · { $amount }
statement-commissions = Commission: { $amount }
statement-funding = Float funded: { $amount }
statement-float = Float: { $from } → { $to }
