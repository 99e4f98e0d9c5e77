## renew-bot, नेपाली

sandbox-banner = 🧪 SANDBOX: परीक्षण सेवा मात्र, वास्तविक पैसा कट्दैन।

## Main menu
welcome =
    नमस्ते, { $name }! 👋
    केही ट्यापमै इन्टरनेट रिन्यू गर्नुहोस्: आफ्नो इन्टरनेट कम्पनी छान्नुहोस्, युजरनेम टाइप गर्नुहोस्, अनि वालेटबाट भुक्तानी गर्नुहोस्।
menu-title = तपाईं के गर्न चाहनुहुन्छ?
menu-renew = 🌐 इन्टरनेट रिन्यू
menu-accounts = 📒 मेरा खाताहरू
menu-wallet = 👛 वालेट
menu-history = 🧾 कारोबार विवरण
menu-language = 🗣 भाषा
menu-help = ❓ सहायता
menu-back = ⬅️ मेनु
menu-agentpay = 🧾 ग्राहकको लागि तिर्नुहोस्
menu-customers = 📇 मेरा ग्राहकहरू
menu-admin = 🛠 प्रशासन
help =
    यसरी काम गर्छ:
    1. इन्टरनेट रिन्यू → आफ्नो इन्टरनेट कम्पनी छान्नुहोस् (खोज्न नामको केही भाग टाइप गर्नुहोस्)।
    2. बिलमा लेखिए अनुसार आफ्नो युजरनेम वा ग्राहक आईडी टाइप गर्नुहोस्।
    3. आफ्नो प्लान र बक्यौता हेर्नुहोस्, प्याकेज छान्नुहोस्, अनि पक्का गर्नुहोस्।
    4. रकम तपाईंको वालेटबाट तिरिन्छ र तपाईंले रसिद पाउनुहुन्छ।

    वालेटमा पैसा हाल्न एजेन्टलाई नगद दिनुहोस्, वा बटले कार्डको विकल्प देखाएमा कार्डबाट हाल्नुहोस्।
    सुरु गर्न /renew, ब्यालेन्स हेर्न /wallet, रसिदहरूका लागि /history, र कुनै पनि कुराकानी रोक्न /cancel।

## Commands (shown in Telegram's menu)
cmd-start = मुख्य मेनु
cmd-renew = इन्टरनेट रिन्यू गर्नुहोस्
cmd-accounts = मेरा सेभ गरिएका खाताहरू
cmd-wallet = वालेट ब्यालेन्स र टप-अप
cmd-history = पुराना भुक्तानी र रसिदहरू
cmd-language = भाषा परिवर्तन गर्नुहोस्
cmd-help = यो कसरी काम गर्छ
cmd-cancel = अहिलेको कुराकानी रोक्नुहोस्
cmd-become_agent = एजेन्ट बन्नुहोस् (पसलहरू)
cmd-cashin = फ्लोटबाट ग्राहकको वालेटमा पैसा सार्नुहोस्
cmd-statement = तपाईंको विवरण CSV फाइलमा
cmd-pending = नतिजा पर्खिरहेका भुक्तानीहरू
cmd-stats = भुक्तानी, कारोबार र मौज्दात
cmd-find = सन्दर्भ, खाता वा प्रयोगकर्ताबाट भुक्तानी खोज्नुहोस्
cmd-agents = एजेन्टहरू, तिनको फ्लोट र आजको कारोबार
cmd-agent = एजेन्ट थप्नुहोस् वा हटाउनुहोस्
cmd-credit = वालेट वा एजेन्टको फ्लोटमा रकम हाल्नुहोस्
cmd-commission = ISP को एजेन्ट कमिसन तोक्नुहोस्
cmd-broadcast = ग्राहकहरूलाई सूचना पठाउनुहोस्

## Choosing the provider
isp-pick = आफ्नो इन्टरनेट कम्पनी छान्नुहोस्, वा यसको नामको केही भाग टाइप गर्नुहोस्:
isp-pick-filtered = “{ $filter }” सँग मिल्ने कम्पनीहरू:
isp-none = “{ $filter }” सँग कुनै कम्पनी मिलेन। नामको अर्को भाग टाइप गर्नुहोस्, वा पूरा सूचीका लागि रिन्यू थिच्नुहोस्।
isp-recent = ⭐ { $name }
btn-prev = ◀️
btn-next = ▶️
page-of = { $page }/{ $pages }

## Account
ask-account-username =
    { $isp }: इन्टरनेट खाताको युजरनेम टाइप गर्नुहोस्।
    उदाहरण: { $example }
ask-account-customer-id =
    { $isp }: बिलमा भए जस्तै ग्राहक आईडी टाइप गर्नुहोस्।
    उदाहरण: { $example }
ask-account-either =
    { $isp }: ग्राहक आईडी (बिलमा भए जस्तै) वा इन्टरनेट खाताको युजरनेम टाइप गर्नुहोस्। जुनसुकै पनि चल्छ।
    उदाहरण: { $customerId } (ग्राहक आईडी) · { $username } (युजरनेम)
bad-account-username = “{ $input }” युजरनेम होइन: अक्षर, अंक र . _ - @ मात्र प्रयोग गर्नुहोस् (बढीमा 64)। फेरि प्रयास गर्नुहोस्, वा /cancel।
bad-account-customer-id = “{ $input }” ग्राहक आईडी होइन: खाली ठाउँ बिना अक्षर, अंक र . _ - / @ मात्र (बढीमा 50), बिलमा भए जस्तै, जस्तै { $example }। फेरि प्रयास गर्नुहोस्, वा /cancel।
bad-account-either = “{ $input }” न ग्राहक आईडी हो न युजरनेम: खाली ठाउँ बिना अक्षर, अंक र . _ - @ मात्र प्रयोग गर्नुहोस्। फेरि प्रयास गर्नुहोस्, वा /cancel।
looking-up = 🔎 { $isp } मा { $account } खोज्दै…
lookup-rejected =
    { $isp } भन्छ: { $reason }
    { $field } जाँचेर फेरि टाइप गर्नुहोस्, वा /cancel।
lookup-rejected-final = { $isp } भन्छ: { $reason }
lookup-unavailable = अहिले { $isp } सँग सम्पर्क हुन सकेन। कुनै भुक्तानी भएको छैन। कृपया केही मिनेटपछि फेरि प्रयास गर्नुहोस्।
lookup-malformed = भुक्तानी सेवाले हामीले बुझ्न नसक्ने जवाफ दियो। कुनै भुक्तानी भएको छैन। कृपया पछि फेरि प्रयास गर्नुहोस्।
field-username = युजरनेम
field-customer-id = ग्राहक आईडी
field-customer-id-or-username = ग्राहक आईडी वा युजरनेम

## Customer card
card-name = 👤 { $name }
card-account = 🔑 { $account }
card-plan = 📶 प्लान: { $plan }
card-status = स्थिति: { $status }
card-days = ⏳ बाँकी दिन: { $days }
card-expires = 📅 म्याद सकिने मिति: { $date }
card-due = 💰 बक्यौता: { $amount }
card-message = ℹ️ { $message }
choose-connection = यो ग्राहकका धेरै कनेक्सन छन्। कुन रिन्यू गर्ने?
choose-option = के तिर्ने छान्नुहोस्:
choose-package = प्याकेज छान्नुहोस्:
choose-duration = { $package }: अवधि छान्नुहोस्:
current-mark = ✓
option-due = बक्यौता तिर्नुहोस्
not-payable-office =
    यो ग्राहकको पहिलो भुक्तानी अनलाइन गर्न मिल्दैन: कृपया नजिकको { $isp } कार्यालयमा तिर्नुहोस्।
    { $reason }
nothing-to-pay = अहिले यो खाताका लागि तिर्नुपर्ने केही छैन। { $reason }

## Confirmation
confirm-title = कृपया पक्का गर्नुहोस्:
confirm-line-isp = 🌐 { $isp } · { $account }
confirm-line-option = 📦 { $option }
confirm-line-package = प्याकेज: { $amount }
confirm-line-due = बक्यौता: { $amount }
confirm-total = जम्मा: { $amount }
confirm-balance = वालेट: { $balance } → तिरेपछि: { $after }
confirm-short = वालेट: { $balance }। तपाईंलाई अझै { $short } चाहिन्छ।
btn-pay = ✅ { $amount } तिर्नुहोस्
btn-cancel = ✖️ रद्द गर्नुहोस्
btn-back = ⬅️ पछाडि

## Paying
processing = ⏳ { $account } का लागि { $amount } तिर्दै…
paid-title = ✅ भुक्तानी भयो। तपाईंको इन्टरनेट रिन्यू भयो।
receipt-title = 🧾 रसिद नं. { $number }
receipt-time = समय: { $time }
receipt-isp = कम्पनी: { $isp }
receipt-account = खाता: { $account }
receipt-customer = ग्राहक: { $name }
receipt-package = प्याकेज: { $package }
receipt-amount = रकम: { $amount }
receipt-breakdown-package = · प्याकेज { $amount }
receipt-breakdown-due = · बक्यौता { $amount }
receipt-upstream = कारोबार आईडी: { $id }
receipt-reference = सन्दर्भ: { $reference }
receipt-paid-by = तिर्ने: { $payer }
receipt-paid-for = कसका लागि: { $for }
receipt-self = आफैं
pending =
    ⏳ तपाईंको { $amount } को भुक्तानी कम्पनीबाट पुष्टि हुन बाँकी छ।
    पैसा खर्च भएको छैन, तपाईंको वालेटमै रोकिएको छ। टुंगो लाग्नेबित्तिकै हामी तपाईंलाई सन्देश पठाउनेछौं।
    सन्दर्भ: { $reference }
failed =
    ❌ भुक्तानी सफल भएन: { $reason }
    तपाईंको वालेटबाट पैसा काटिएको छैन।
already-paying = यो रिन्यूको भुक्तानी भइरहेको छ।
payment-in-flight =
    ⏳ { $account } को तपाईंको अघिल्लो भुक्तानी कम्पनीसँग जाँच हुँदैछ, त्यसैले अहिले फेरि तिरिँदैन।
    यस पटक केही काटिएको छैन। त्यो भुक्तानीको टुंगो लागेपछि तपाईंलाई सन्देश आउनेछ; अझै चाहिएमा त्यसपछि फेरि रिन्यू गर्नुहोस्।
short-balance =
    तपाईंको वालेटमा { $available } छ; यो रिन्यूको लागि { $amount } लाग्छ।
    तपाईंलाई अझै { $short } चाहिन्छ।
short-agent = पैसा हाल्न नजिकको renew-bot एजेन्टलाई नगद दिनुहोस्: उहाँले तुरुन्तै तपाईंको वालेटमा पैसा हालिदिनुहुन्छ। त्यसपछि फर्केर फेरि तिर्नुहोस् थिच्नुहोस्।
btn-topup = 💳 कार्डबाट { $amount } टप-अप
invoice-title = वालेट टप-अप
invoice-description = तपाईंको renew-bot वालेटमा { $amount } थप्छ, अनि { $account } ({ $isp }) को रिन्यू पूरा गर्छ।
invoice-label = वालेट टप-अप
topup-credited = ✅ तपाईंको वालेटमा { $amount } थपियो।
topup-continues = तपाईंको रिन्यू पूरा गर्दै…
topup-refused = यो टप-अप अब कुनै रिन्यूसँग मिल्दैन। कृपया /renew बाट फेरि सुरु गर्नुहोस्।
topup-unmatched = हामीले जारी नगरेको बिलसँग नमिल्ने कार्ड भुक्तानी प्राप्त भयो, त्यसैले यो तपाईंको वालेटमा थपिएन। एक प्रशासकले यसलाई हेर्नुहुनेछ (शुल्क { $charge })।
topup-delayed = तपाईंको { $amount } को कार्ड भुक्तानी सफल भयो। अहिले वालेटमा थप्न सकिएन; केही बेरमा आफैँ थपिनेछ र हामी तपाईंलाई जानकारी दिनेछौं।

## Later news about a pending payment
resolved-success = ✅ खुसीको खबर: { $account } ({ $isp }) का लागि तपाईंको बाँकी रहेको { $amount } को भुक्तानी सफल भयो।
resolved-failed =
    ❌ { $account } ({ $isp }) का लागि तपाईंको बाँकी रहेको { $amount } को भुक्तानी सफल भएन।
    पैसा तपाईंको वालेटमा फिर्ता गरियो।

## Wallet
wallet-title = 👛 तपाईंको वालेट
wallet-balance = ब्यालेन्स: { $amount }
wallet-held = पुष्टि हुन बाँकी भुक्तानीका लागि रोकिएको: { $amount }
wallet-available = प्रयोग गर्न मिल्ने: { $amount }
wallet-moves = पछिल्ला कारोबारहरू:
wallet-no-moves = अहिलेसम्म कुनै कारोबार छैन।
move-grant = ➕ { $amount } एडमिनले थपेको
move-topup = ➕ { $amount } कार्ड टप-अप
move-settle = ➖ { $amount } { $memo }
move-adjust = { $amount } समायोजन
wallet-topup-how = पैसा हाल्न renew-bot एजेन्टलाई नगद दिनुहोस्: उहाँले तुरुन्तै तपाईंको वालेटमा पैसा हालिदिनुहुन्छ।
btn-demo-money = 🧪 { $amount } परीक्षण पैसा थप्नुहोस्
demo-money-added = 🧪 { $amount } परीक्षण पैसा थपियो।

## History
history-title = 🧾 तपाईंका भुक्तानीहरू (पेज { $page }):
history-empty = अहिलेसम्म कुनै भुक्तानी छैन। पहिलो भुक्तानी गर्न रिन्यू थिच्नुहोस्।
history-row = { $status } { $date } · { $isp } · { $amount }
status-succeeded = ✅
status-failed = ❌
status-pending = ⏳
receipt-none = यो भुक्तानीको रसिद छैन: यो { $state ->
    [failed] सफल भएन।
   *[other] अझै टुंगो लागेको छैन।
}

## Saved accounts
accounts-title = 📒 तपाईंका सेभ गरिएका खाताहरू:
accounts-empty = अहिलेसम्म कुनै खाता सेभ गरिएको छैन। रिन्यू गरेपछि बटले खाता सेभ गर्ने विकल्प दिन्छ।
account-row = { $name } · { $isp } · { $account }
account-actions = { $name }: { $isp } · { $account }
btn-renew-this = 🌐 रिन्यू
btn-rename = ✏️ नाम बदल्नुहोस्
btn-remove = 🗑 हटाउनुहोस्
btn-save = 📒 यो खाता सेभ गर्नुहोस्
ask-account-name = यो खाताको लागि एउटा नाम टाइप गर्नुहोस् (जस्तै: घर, पसल):
bad-account-name = नाम 1 देखि 40 अक्षरसम्मको हुनुपर्छ। फेरि प्रयास गर्नुहोस्, वा /cancel।
account-saved = ✅ “{ $name }” नामले सेभ गरियो।
account-exists = यो खाता पहिल्यै सेभ गरिएको छ।
account-name-taken = तपाईंसँग “{ $name }” नामको खाता पहिल्यै छ। अर्को नाम टाइप गर्नुहोस्, वा /cancel।
account-renamed = ✅ नाम बदलेर “{ $name }” राखियो।
account-removed = 🗑 “{ $name }” हटाइयो।

## Language
language-choose = आफ्नो भाषा छान्नुहोस्:
language-set = ✅ भाषा: नेपाली

## Dialogue control
cancelled = रद्द गरियो। कुनै भुक्तानी भएको छैन।
nothing-to-cancel = रद्द गर्नुपर्ने केही छैन।
idle-timeout = { $minutes } मिनेटसम्म कुनै गतिविधि नभएकाले यो कुराकानी बन्द गरियो। कुनै भुक्तानी भएको छैन। फेरि सुरु गर्न रिन्यू थिच्नुहोस्।
button-expired = यो बटनको म्याद सकियो।
use-buttons = कृपया माथिका बटनहरू प्रयोग गर्नुहोस्, वा /cancel।
error-generic = माफ गर्नुहोस्, हाम्रो तर्फबाट केही गडबड भयो। कुनै भुक्तानी दोहोरो भएको छैन। कृपया फेरि प्रयास गर्नुहोस्।
rate-limited = तपाईंले धेरै छिटो सन्देश पठाउँदै हुनुहुन्छ; मैले एउटा छोडें। कृपया एकछिन पर्खनुहोस्।
not-allowed = माफ गर्नुहोस्, यो सुविधा तपाईंका लागि उपलब्ध छैन।
private-only = म निजी च्याटमा मात्र काम गर्छु। कृपया मलाई सिधै सन्देश पठाउनुहोस्।

## Broadcasts
bc-ask = 📣 नयाँ सूचना। यसको पाठ, वा क्याप्सनसहितको फोटो पठाउनुहोस्: यो तपाईंले पठाएजस्तै, ढाँचासमेत, पुग्छ। रोक्न /cancel।
bc-bad-notice = सूचना भनेको पाठ ({ $text } अक्षरसम्म) वा क्याप्सन ({ $caption } अक्षरसम्म) सहितको फोटो हो। एउटा पठाउनुहोस्, वा /cancel।
bc-audience = 📣 यो सूचना कसलाई पठाउने?
bc-to-all = 👥 सबैलाई · { $people }
bc-to-agents = 🏪 एजेन्टहरूलाई · { $people }
bc-to-isp = 🌐 एउटा ISP का ग्राहकहरूलाई
bc-isp-row = { $isp } · { $people }
bc-choose-isp = 🌐 कुन ISP का ग्राहकहरूलाई? (त्यहाँ सेभ गरिएको खाता वा भुक्तानी भएका मानिसहरू, यसका सूचना बन्द गर्नेहरू बाहेक।)
bc-no-isps = अहिलेसम्म कुनै ISP मा कसैको सेभ गरिएको खाता वा भुक्तानी छैन।
bc-more = थप ›
bc-audience-all = सबै
bc-audience-agents = एजेन्टहरू
bc-audience-isp = { $isp } का ग्राहकहरू
bc-preview-above = 👆 सूचना ठ्याक्कै यसरी पुग्नेछ।
bc-confirm = प्रापक: { $audience } · { $people } जना
    प्रति सेकेन्ड { $rate } सन्देशका दरले पठाउन करिब { $time } लाग्छ।
bc-nobody = अहिले यो समूहमा ({ $audience }) कोही छैन।
bc-urgent = ⚡ जरुरी, सशुल्क प्रसारणका रूपमा: प्रति सेकेन्ड { $rate } सन्देशसम्म, करिब { $time } ({ $saved } छिटो)। अनुमानित खर्च: बोटको ब्यालेन्सबाट { $stars } Telegram Stars (प्रति सेकेन्ड निःशुल्क ३० भन्दा माथिको प्रत्येक सन्देशको ०.१ Star)।
bc-btn-send = ✅ { $people } जनालाई पठाउनुहोस्
bc-btn-urgent-off = ⚡ जरुरी (सशुल्क): बन्द
bc-btn-urgent-on = ⚡ जरुरी (सशुल्क): चालु
bc-btn-audience = ↩️ प्रापक
bc-btn-drop = ✖️ रद्द गर्नुहोस्
bc-dropped = सूचना पठाइएन।
bc-started = पठाउँदै।
bc-btn-pause = ⏸ रोक्नुहोस्
bc-btn-resume = ▶️ जारी राख्नुहोस्
bc-btn-stop = ✖️ प्रसारण रद्द गर्नुहोस्
bc-progress-title = 📣 प्रसारण #{ $id }, { $audience }लाई: { $state ->
        [sending] पठाउँदै
        [paused] ⏸ रोकिएको
        [done] ✅ सकियो
       *[other] ✖️ रद्द गरियो
    }
bc-progress-counts = ✅ पठाइयो { $sent } · 🚫 ब्लक { $blocked } · ⚠️ असफल { $failed } · ⏳ बाँकी { $left }
bc-progress-rate = प्रति सेकेन्ड { $rate } सन्देश · करिब { $time } बाँकी
bc-progress-paid = ⚡ सशुल्क प्रसारण
bc-cancel-again = यो प्रसारण सधैँका लागि रोक्न १० सेकेन्डभित्र फेरि रद्द थिच्नुहोस्।
bc-paused = रोकियो। जारी राख्न "जारी राख्नुहोस्" थिच्नुहोस्।
bc-resumed = फेरि पठाउँदै।
bc-cancelled = रद्द गरियो: अब अरू कसैले पाउँदैन।
bc-report-done = ✅ प्रसारण #{ $id } { $time } मा सकियो: { $sent } पठाइयो, { $blocked } ब्लक (उनीहरूले बोट रोकेका छन्), { $failed } असफल, जम्मा { $total } मध्ये।
bc-report-cancelled = ✖️ प्रसारण #{ $id } { $time } पछि रद्द गरियो: { $sent } पठाइयो, { $blocked } ब्लक (उनीहरूले बोट रोकेका छन्), { $failed } असफल, जम्मा { $total } मध्ये।
bc-report-left = { $left } जनाले पाएनन्।
bc-mute = 🔕 { $isp } बारे अब सूचना नपठाउनुहोस्
bc-unmute = 🔔 { $isp } बारे फेरि सूचना पठाउनुहोस्
bc-muted = तपाईंले अब { $isp } बारे सूचना पाउनुहुने छैन।
bc-unmuted = तपाईंले फेरि { $isp } बारे सूचना पाउनुहुनेछ।
bc-duration = { $h ->
        [0] { $m ->
            [0] { $s } सेकेन्ड
           *[other] { $m } मिनेट { $s } सेकेन्ड
        }
       *[other] { $h } घण्टा { $m } मिनेट
    }

## Admin
admin-panel = 🛠 एडमिन
    /pending: नतिजा थाहा नभएका भुक्तानीहरू
    /stats [today|7d|30d]: भुक्तानी, कारोबार, ब्यालेन्स, एग्रिगेटरको क्रेडिट
    /find <reference|account|user-id>: भुक्तानी र तिनका रसिद
    /agents · /agent add <user-id> · /agent remove <user-id>
    /credit <user-id> <rupees> [note]: वालेट वा एजेन्टको फ्लोटमा रकम थप्ने
    /commission <isp> <percent> · /broadcast
admin-btn-pending = ⏳ बाँकी
admin-btn-stats = 📊 तथ्यांक
admin-btn-agents = 👥 एजेन्टहरू
admin-btn-broadcast = 📣 सूचना
admin-use-broadcast = सूचना लेख्न /broadcast प्रयोग गर्नुहोस्।
admin-aggregator = { $aggregator ->
    [khalti] खल्ती
    [globaltopup] ग्लोबल टपअप
   *[other] { $aggregator }
}
admin-agent-usage = प्रयोग: /agent add <user-id> वा /agent remove <user-id>
admin-agent-added = ✅ { $user } अब एजेन्ट हुनुहुन्छ।
admin-agent-already = { $user } पहिल्यै एजेन्ट हुनुहुन्छ।
admin-agent-removed = ✅ { $user } अब एजेन्ट हुनुहुन्न।
admin-agent-not-agent = { $user } एजेन्ट हुनुहुन्न।
admin-agents-none = अहिलेसम्म कुनै एजेन्ट छैन। /agent add <user-id> ले थप्नुहोस्।
admin-agents-title = 👥 एजेन्टहरू: { $count } (फ्लोट · आजका ग्राहकका भुक्तानी, नेपाल समय)
admin-agents-row = { $n }. { $shop } · { $user }
    फ्लोट { $float } · आज { $volume } ({ $count })
admin-agents-more = …र थप { $count }।
admin-agent-request = 🏪 एजेन्ट बन्ने अनुरोध #{ $id }: { $user }, पसल “{ $shop }”।
admin-btn-approve = ✅ स्वीकृत
admin-btn-decline = ✖️ अस्वीकार
admin-request-approved = ✅ अनुरोध #{ $id } स्वीकृत: { $user } (“{ $shop }”) अब एजेन्ट हुनुहुन्छ।
admin-request-declined = ✖️ अनुरोध #{ $id } अस्वीकार: { $user } (“{ $shop }”)।
admin-request-decided = यो अनुरोध पहिल्यै { $state ->
    [approved] स्वीकृत
    [declined] अस्वीकार
   *[other] निर्णय
} भइसकेको छ।
agent-ask-shop = तपाईंको पसलको नाम के हो? (वा /cancel)
agent-bad-shop = पसलको नाममा १ देखि ६० अक्षर हुन्छन्। फेरि प्रयास गर्नुहोस्, वा /cancel।
agent-request-sent = 📨 “{ $shop }” को तपाईंको अनुरोध एडमिनहरूलाई पठाइयो। उहाँहरूले निर्णय गरेपछि म जानकारी दिनेछु।
agent-request-waiting = एजेन्ट बन्ने तपाईंको अनुरोध एडमिनको निर्णय पर्खिरहेको छ।
agent-already-you = तपाईं पहिल्यै एजेन्ट हुनुहुन्छ।
agent-requests-closed = एजेन्ट बन्ने अनुरोध अहिले खुला छैन।
agent-request-approved = 🎉 “{ $shop }” को तपाईंको अनुरोध स्वीकृत भयो: तपाईं अब एजेन्ट हुनुहुन्छ। आफ्नो मेनु हेर्न /start पठाउनुहोस्।
agent-request-declined = “{ $shop }” को एजेन्ट बन्ने तपाईंको अनुरोध अस्वीकार भयो।
agent-you-are-agent = 🎉 एक एडमिनले तपाईंलाई एजेन्ट बनाउनुभयो। आफ्नो मेनु हेर्न /start पठाउनुहोस्।
agent-you-are-removed = तपाईं अब एजेन्ट हुनुहुन्न। एजेन्ट मेनु हटाइयो; तपाईंको वालेट जस्ताको तस्तै छ।
admin-credit-usage = प्रयोग: /credit <user-id> <rupees> [note], जस्तै /credit 123456789 5000 नगद पाइयो
admin-credit-ask-wallet = 💰 { $user } को वालेटमा { $amount } थप्ने?
admin-credit-ask-float = 💰 { $user } (पसल “{ $shop }”) को एजेन्ट फ्लोटमा { $amount } थप्ने?
admin-credit-note = टिप्पणी: { $note }
admin-credit-expires = यो पुष्टि { $minutes } मिनेटमा सकिन्छ।
admin-btn-credit = ✅ { $name } लाई { $amount } थप्नुहोस्
admin-btn-cancel = ✖️ रद्द
admin-credit-done-wallet = ✅ { $user } को वालेटमा { $amount } थपियो। वालेट अब { $balance }।
admin-credit-done-float = ✅ { $user } को एजेन्ट फ्लोटमा { $amount } थपियो। फ्लोट अब { $balance }।
admin-credit-already = यो रकम पहिल्यै थपिसकिएको छ।
admin-credit-cancelled = रद्द गरियो: केही थपिएन।
admin-credit-expired = यो पुष्टिको म्याद सकियो: केही थपिएन। फेरि /credit प्रयोग गर्नुहोस्।
admin-credit-not-agent = { $user } अब एजेन्ट हुनुहुन्न: केही थपिएन। वालेटमा थप्न फेरि /credit प्रयोग गर्नुहोस्।
credit-received-wallet = 💰 तपाईंको वालेटमा { $amount } थपियो। ब्यालेन्स: { $balance }।
credit-received-float = 💰 तपाईंको एजेन्ट फ्लोटमा { $amount } थपियो। फ्लोट: { $balance }।
admin-pending-none = ✅ नतिजा पर्खिरहेको कुनै भुक्तानी छैन।
admin-pending-title = ⏳ नतिजा थाहा नभएका भुक्तानी: { $count }। सबैभन्दा पुराना { $shown } देखाइँदै:
admin-find-usage = प्रयोग: /find <reference|account|user-id>
admin-find-none = “{ $query }” का लागि केही भेटिएन।
admin-find-title = 🔎 “{ $query }” का भुक्तानी: { $count }। सबैभन्दा नयाँ { $shown } देखाइँदै (रेफरेन्सले एउटै भेटिन्छ):
admin-pay-title = { $state ->
    [pending] ⏳ बाँकी
    [submitted] ⏳ पठाइयो, जवाफ आएको छैन
    [succeeded] ✅ सफल
    [failed] ❌ असफल
   *[other] { $state }
} · { $isp } · { $account }
admin-pay-amount = रकम: { $amount } · { $package }
admin-pay-payer = भुक्तानीकर्ता: { $payer } (वालेट)
admin-pay-payer-float = भुक्तानीकर्ता: एजेन्ट { $payer } (फ्लोट)
admin-pay-made = गरिएको: { $time } (नेपाल समय)
admin-pay-flagged = ⚠️ { $count } अस्पष्ट जवाफपछि एडमिनको निर्णय पर्खिरहेको।
admin-pay-last = एग्रिगेटरको पछिल्लो जवाफ: { $message }
admin-btn-check = 🔄 अहिले जाँच्नुहोस्
admin-btn-success = ✅ सफल भनी टुंग्याउनुहोस्
admin-btn-fail = ↩️ असफल र फिर्ता
admin-btn-refund = ↩️ हो, असफल गरी फिर्ता
admin-refund-ask = यो भुक्तानी असफल गरी { $amount } { $payer } लाई फिर्ता गर्ने?
admin-checking = एग्रिगेटरलाई सोध्दै…
admin-check-unknown = 🔄 जाँचियो: अझै थाहा छैन ({ $message })।
admin-check-settled = 🔄 जाँचियो: एग्रिगेटरका अनुसार { $state ->
    [succeeded] सफल भयो। भुक्तानीकर्तालाई जानकारी दिइयो।
   *[other] असफल भयो; रकम भुक्तानीकर्तालाई फिर्ता भयो र जानकारी दिइयो।
}
admin-refunded = ↩️ असफल गरियो; { $amount } भुक्तानीकर्तालाई फिर्ता भयो र जानकारी दिइयो।
admin-nothing-changed = ℹ️ केही परिवर्तन भएन: यो भुक्तानी { $state ->
    [succeeded] पहिल्यै सफल भइसकेको छ।
    [failed] पहिल्यै असफल (फिर्ता) भइसकेको छ।
    [submitted] अहिले भइरहेको छ; एक मिनेटपछि फेरि जाँच्नुहोस्।
    [gone] भेटिएन।
   *[other] { $state } छ।
}
admin-resolve-ask = रेफरेन्स { $reference } ({ $amount }) को एग्रिगेटरको कारोबार आईडी टाइप गर्नुहोस्, वा /cancel।
admin-resolve-bad-id = कारोबार आईडी अक्षर, अंक र . _ : / - भएको एउटै शब्द हो (६४ सम्म)। फेरि प्रयास गर्नुहोस्, वा /cancel।
admin-resolved-success = ✅ रेफरेन्स { $reference } ({ $amount }) कारोबार आईडी { $id } सहित सफल भनी टुंगियो। भुक्तानीकर्तालाई जानकारी दिइयो।
admin-stats-usage = प्रयोग: /stats, /stats 7d वा /stats 30d
admin-stats-title = 📊 { $days ->
    [0] आज (मध्यरातदेखि, नेपाल समय)
   *[other] पछिल्ला { $days } दिन
}
admin-stats-payments = भुक्तानी: { $count } · सफल { $succeeded } · असफल { $failed } · खुला { $open }
admin-stats-rate = सफलता दर: निर्णय भएका { $decided } मध्ये { $rate }%
admin-stats-volume = कारोबार (सफल): { $amount }
admin-stats-by-isp = प्रदायक अनुसार:
admin-stats-isp = • { $isp }: { $count } भुक्तानी, { $succeeded } सफल, { $amount }
admin-stats-more-isps = …र थप { $count } प्रदायक।
admin-stats-pending = अहिले बाँकी: { $count } ({ $flagged } एडमिन पर्खिरहेका: /pending)
admin-stats-wallets = वालेटहरू: { $amount } (रोकिएको { $held })
admin-stats-floats = एजेन्टका फ्लोट: { $amount } (रोकिएको { $held })
admin-credit-available = { $aggregator } क्रेडिट: { $amount }
admin-credit-low = ⚠️ { $aggregator } क्रेडिट कम छ: { $amount }, { $limit } भन्दा कम। एग्रिगेटरसँग रिचार्ज गर्नुहोस्।
admin-credit-no-api = { $aggregator } क्रेडिट: ब्यालेन्स API छैन
admin-credit-failed = { $aggregator } क्रेडिट: अहिले पढ्न सकिएन

## Agents
agent-home-title = 🧾 ग्राहकको लागि तिर्नुहोस्
agent-float = तपाईंको फ्लोट: { $amount } उपलब्ध
agent-today = आज ग्राहकहरूका लागि तिरेको: { $limit } मध्ये { $used } (एक भुक्तानीमा बढीमा { $max })
agent-home-pick = सेभ गरिएको ग्राहक थिचेर रिन्यू गर्नुहोस्, वा नयाँ ग्राहकबाट सुरु गर्नुहोस्:
agent-home-new = नयाँ ग्राहकबाट सुरु गर्नुहोस्:
agent-isp-pick = 🧾 तपाईंको फ्लोटबाट ग्राहकको लागि तिर्दै। उहाँको इन्टरनेट कम्पनी छान्नुहोस्, वा नामको केही भाग टाइप गर्नुहोस्:
agent-ask-customer = रसिदका लागि ग्राहकको मोबाइल नम्बर? टाइप गर्नुहोस्, वा उहाँको सम्पर्क (📎 → Contact) पठाउनुहोस्, वा छोड्नुहोस् थिच्नुहोस्।
agent-bad-phone = यो फोन नम्बर होइन (जस्तै 9841234567)। फेरि टाइप गर्नुहोस्, सम्पर्क पठाउनुहोस्, छोड्नुहोस् थिच्नुहोस्, वा /cancel।
agent-confirm-for = 👤 कसको लागि: { $customer }
agent-confirm-commission = तपाईंको कमिसन: { $amount } ({ $rate }%)
agent-confirm-float = तपाईंको फ्लोट: { $balance } → तिरेपछि: { $after }
agent-confirm-float-short = तपाईंको फ्लोट: { $balance }। { $short } नपुग: फ्लोटमा रकम हाल्न प्रशासकलाई भन्नुहोस्।
agent-paid-title = ✅ { $customer } को लागि तिरियो। उहाँको इन्टरनेट रिन्यू भयो।
agent-payer = { $name } (एजेन्ट)
agent-commission-credited = 💰 कमिसन { $amount } तपाईंको फ्लोटमा जम्मा भयो।
agent-float-now = तपाईंको फ्लोट: { $amount } उपलब्ध।
agent-receipt-sent = 📨 रसिद ग्राहकलाई टेलिग्राममा पनि पठाइयो।
agent-receipt-later = 📨 ग्राहकले अर्को पटक यो बट खोल्दा रसिद पाउनुहुन्छ।
agent-receipt-forward = माथिको रसिद ग्राहकलाई फर्वार्ड गर्नुहोस्।
customer-receipt-title = 🧾 { $agent } ले तपाईंको इन्टरनेट रिन्यू गर्नुभयो। तपाईंको रसिद:
btn-new-customer = ➕ नयाँ ग्राहक
btn-pay-another = 🧾 अर्को ग्राहकको लागि तिर्नुहोस्
btn-save-customer = 📇 यो ग्राहक सेभ गर्नुहोस्
btn-skip = ⏭ छोड्नुहोस्
btn-search = 🔍 खोज्नुहोस्
btn-remove-customers = 🗑 हटाउनुहोस्…
btn-done = ✅ सकियो
customer-row = { $name } · { $isp } · { $account }
customers-title = 📇 तपाईंका ग्राहकहरू ({ $count })। अहिले रिन्यू गर्न एकजना थिच्नुहोस्:
customers-title-remove = 🗑 सूचीबाट हटाउन ग्राहक थिच्नुहोस्:
customers-empty = अहिलेसम्म कुनै ग्राहक सेभ गरिएको छैन। कसैको लागि तिरेपछि “यो ग्राहक सेभ गर्नुहोस्” थिच्नुहोस्।
customers-search-ask = 🔍 ग्राहकको नाम, खाता वा फोन नम्बरको केही भाग टाइप गर्नुहोस्:
customers-search-bad = १ देखि ४० अक्षर टाइप गर्नुहोस्, वा /cancel।
customers-found = “{ $text }” सँग मिल्ने ग्राहकहरू ({ $count })। अहिले रिन्यू गर्न एकजना थिच्नुहोस्:
customers-none = “{ $text }” सँग कुनै सेभ गरिएको ग्राहक मिलेन।
customer-saved = “{ $name }” तपाईंका ग्राहकहरूमा सेभ भयो।
customer-updated = “{ $name }” पहिल्यै सेभ छ; फोन र सम्पर्क अद्यावधिक भयो।
customer-removed = 🗑 “{ $name }” हटाइयो।
limit-pay-transaction = ⛔ ग्राहकको लागि एक भुक्तानीको सीमा नाघ्यो: { $limit } (यो { $amount })। केही तिरिएन।
limit-pay-day = ⛔ ग्राहकहरूका लागि भुक्तानीको दैनिक सीमा नाघ्यो: दिनमा { $limit }, आज { $used } प्रयोग भइसक्यो (यो { $amount })। केही तिरिएन।
limit-cashin-transaction = ⛔ एक क्यास-इनको सीमा नाघ्यो: { $limit } (यो { $amount })। केही सारिएन।
limit-cashin-day = ⛔ ग्राहकको दैनिक क्यास-इन सीमा नाघ्यो: एजेन्टमार्फत एउटा वालेटमा दिनमा { $limit }, आज { $used } भइसक्यो (यो { $amount })। केही सारिएन।
cashin-usage = फ्लोटबाट ग्राहकको वालेटमा पैसा सार्न: /cashin <user-id> <रुपैयाँ>, जस्तै /cashin 123456789 500। ग्राहकले आफ्नो user id वालेटमा भेट्नुहुन्छ।
cashin-self = आफ्नै वालेटमा क्यास-इन गर्न मिल्दैन।
cashin-unknown = म प्रयोगकर्ता { $id } लाई चिन्दिनँ। नम्बर जाँच्नुहोस्; ग्राहकले पहिले यो बट खोल्नुपर्छ (/start)।
cashin-short = तपाईंको फ्लोटमा { $float } छ; यो क्यास-इनलाई { $amount } चाहिन्छ। केही सारिएन।
cashin-confirm-title = 💵 क्यास-इन: पक्का गर्नुहोस्
cashin-from = बाट: { $agent } (तपाईंको फ्लोट: { $float } उपलब्ध)
cashin-to = लाई: { $customer } (प्रयोगकर्ता { $id })
cashin-amount = रकम: { $amount }
cashin-effect = { $customer } को वालेटमा { $amount } आउँछ; तपाईंको फ्लोट { $after } हुन्छ। पहिले नगद लिनुहोस्।
btn-cashin-confirm = ✅ { $amount } सार्नुहोस्
cashin-cancelled = रद्द गरियो। केही सारिएन।
cashin-done = ✅ { $amount } { $customer } को वालेटमा सारियो। तपाईंको फ्लोट: { $float }।
cashin-told = { $customer } लाई जानकारी दिइयो।
cashin-not-told = { $customer } लाई टेलिग्राममा जानकारी दिन सकिएन; कृपया आफैं भन्नुहोस्।
cashin-received = 💰 { $agent } (एजेन्ट) ले तपाईंको वालेटमा { $amount } हाल्नुभयो। तपाईंको ब्यालेन्स: { $balance }।
move-cashin = ➕ { $amount } एजेन्टमार्फत क्यास-इन
wallet-user-id = तपाईंको user id (क्यास-इनका लागि एजेन्टलाई चाहिन्छ): { $id }
commission-title = इन्टरनेट कम्पनी अनुसार एजेन्ट कमिसन (ग्राहकको लागि गरिएको भुक्तानी सफल हुँदा एजेन्टको फ्लोटमा जम्मा हुन्छ):
commission-row = { $isp }: { $rate }% ({ $at } मा { $by } ले तोकेको)
commission-none = अहिलेसम्म कुनै दर तोकिएको छैन: सबै कम्पनी 0% मा छन्।
commission-usage = दर तोक्न: /commission <isp> <प्रतिशत>, जस्तै /commission worldlink 1.5
commission-confirm = { $isp } को एजेन्ट कमिसन { $rate }% बनाउने (अहिले { $before }%)? यो अबदेखि ग्राहकहरूका लागि गरिने भुक्तानीमा लागू हुन्छ।
btn-commission-confirm = ✅ { $rate }% तोक्नुहोस्
commission-cancelled = रद्द गरियो। दर परिवर्तन भएन।
commission-set = ✅ { $isp }: एजेन्ट कमिसन अब { $rate }% (पहिले { $before }%)। प्रशासक { $admin } ले तोकेको भनी रेकर्ड गरियो।
statement-usage = /statement ले आजको देखाउँछ। अरू: /statement yesterday, /statement 2026-11-01, /statement 2026-11-01..2026-11-30 (नेपाल मिति)।
statement-too-long = एउटा विवरणमा बढीमा { $days } दिन हुन्छ।
statement-title = 📊 तपाईंको विवरण, { $days } (नेपाल समय)। माथिको CSV फाइलमा हरेक कारोबार छ।
statement-payments = ग्राहकहरूका लागि भुक्तानी: { $count } · { $amount }
statement-pending = अझै जाँच हुँदै: { $count } · { $amount } (रोकिएको)
statement-failed = असफल (पैसा काटिएन): { $count }
statement-cashins = क्यास-इन: { $count } · { $amount }
statement-commissions = कमिसन: { $amount }
statement-funding = फ्लोटमा हालिएको: { $amount }
statement-float = फ्लोट: { $from } → { $to }
