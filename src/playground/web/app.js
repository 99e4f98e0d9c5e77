// The playground's chat page: one or two chats with the bot, each as one of the people; every change
// arrives over one Server-Sent Events stream (/api/events); actions go to the playground's JSON API.
"use strict";

const state = { bot: { name: "Bot" }, people: [], chats: [], active: 0 };
const $ = (selector, root = document) => root.querySelector(selector);

/** An element with a class and children (strings become text). */
function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const c of children) if (c !== undefined && c !== null) node.append(c);
  return node;
}

/** GET (no body) or POST JSON to the playground; throws with the server's reason. */
async function call(path, body) {
  const res = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

let toastTimer;
function toast(text) {
  const t = $("#toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (t.hidden = true), 2600);
}

function alertBox(text) {
  $(".alert-text", $("#alert-dialog")).textContent = text;
  $("#alert-dialog").showModal();
}

/** "NPR 1,200.00" from an amount in the currency's smallest units. */
function money(amount, currency) {
  if (currency === "XTR") return `⭐ ${amount}`;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, currencyDisplay: "code" }).format(amount / 100).replace(/\s/g, " ");
  } catch {
    return `${currency} ${(amount / 100).toFixed(2)}`;
  }
}

const timeOf = (date) => new Date(date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const sizeOf = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`);
const safeUrl = (url) => (/^(https?:|tg:|mailto:)/i.test(url) ? url : undefined);

/** Plain text, with /commands (they send themselves when tapped) and web addresses made live. */
function plain(parent, text, chat) {
  const re = /(?<![\w/])\/[a-z][a-z0-9_]{0,31}(?![\w/])|https?:\/\/[^\s<>"')]+/gi;
  let at = 0;
  for (const m of text.matchAll(re)) {
    parent.append(text.slice(at, m.index));
    if (m[0][0] === "/") {
      const a = el("a", "command", m[0]);
      a.href = "#";
      a.addEventListener("click", (e) => {
        e.preventDefault();
        chat.send(m[0]);
      });
      parent.append(a);
    } else {
      const a = el("a", "", m[0]);
      a.href = m[0];
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      parent.append(a);
    }
    at = m.index + m[0].length;
  }
  parent.append(text.slice(at));
}

/** The element of one entity (its text is filled in by the caller). */
function entityNode(e, text, chat) {
  const slice = text.slice(e.offset, e.offset + e.length);
  const link = (href) => {
    const a = el("a");
    const url = safeUrl(href);
    if (url) {
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
    }
    return a;
  };
  switch (e.type) {
    case "bold": return el("strong");
    case "italic": return el("em");
    case "underline": return el("u");
    case "strikethrough": return el("s");
    case "code": return el("code");
    case "pre": return el("pre");
    case "blockquote":
    case "expandable_blockquote": return el("blockquote");
    case "text_link": return link(e.url);
    case "url": return link(/^[a-z]+:/i.test(slice) ? slice : `https://${slice}`);
    case "email": return link(`mailto:${slice}`);
    case "spoiler": {
      const s = el("span", "spoiler");
      s.addEventListener("click", () => s.classList.add("shown"));
      return s;
    }
    case "bot_command": {
      const a = el("a", "command");
      a.href = "#";
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        chat.send(slice);
      });
      return a;
    }
    default: return el("span", e.type === "mention" || e.type === "hashtag" ? "command" : "");
  }
}

/** A text with its entities, nested as Telegram nests them (UTF-16 offsets are string indices). */
function richText(text, entities, chat, className = "text") {
  const root = el("div", className);
  const list = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const build = (parent, start, end, items, raw) => {
    let pos = start;
    while (items.length > 0) {
      const e = items.shift();
      if (e.offset < pos || e.offset >= end) continue;
      if (raw) parent.append(text.slice(pos, e.offset));
      else plain(parent, text.slice(pos, e.offset), chat);
      const stop = Math.min(e.offset + e.length, end);
      const inner = [];
      while (items.length > 0 && items[0].offset < stop) inner.push(items.shift());
      const node = entityNode(e, text, chat);
      const literal = raw || ["code", "pre", "url", "email", "bot_command", "text_link"].includes(e.type);
      build(node, e.offset, stop, inner, literal);
      parent.append(node);
      pos = stop;
    }
    if (raw) parent.append(text.slice(pos, end));
    else plain(parent, text.slice(pos, end), chat);
  };
  build(root, 0, text.length, list, false);
  return root;
}

/** One chat with the bot, as one person. */
class Chat {
  constructor(slot) {
    this.slot = slot;
    this.root = $("#chat-template").content.firstElementChild.cloneNode(true);
    this.list = $(".messages", this.root);
    this.status = $(".status", this.root);
    this.input = $("textarea", this.root);
    this.commandList = $(".command-list", this.root);
    this.menuButton = $(".menu-button", this.root);
    this.select = $(".person", this.root);
    this.rows = new Map();
    this.commands = [];
    $(".name", this.root).textContent = state.bot.name;
    const split = $(".split", this.root);
    $(slot === 0 ? ".close-icon" : ".split-icon", split).remove();
    split.title = slot === 0 ? "Open a second chat beside this one" : "Close this chat";
    split.setAttribute("aria-label", split.title);
    split.addEventListener("click", () => toggleSplit());
    $(".open-panel", this.root).addEventListener("click", () => openPanel(true));
    this.root.addEventListener("focusin", () => (state.active = slot));
    this.select.addEventListener("change", () => this.choose(this.select.value));
    $(".composer", this.root).addEventListener("submit", (e) => {
      e.preventDefault();
      this.sendTyped();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.sendTyped();
      } else if (e.key === "Escape") this.commandList.hidden = true;
    });
    this.input.addEventListener("input", () => {
      this.grow();
      const t = this.input.value;
      if (/^\/\w*$/.test(t)) this.showCommands(t.slice(1));
      else this.commandList.hidden = true;
    });
    this.menuButton.addEventListener("click", () => (this.commandList.hidden ? this.showCommands("") : (this.commandList.hidden = true)));
    this.fillPeople();
  }

  fillPeople() {
    const keep = this.personId;
    this.select.replaceChildren(...state.people.map((p) => new Option(p.label, String(p.id))), new Option("＋ New customer", "new"));
    if (keep !== undefined) this.select.value = String(keep);
  }

  async choose(value) {
    if (value === "new") {
      const person = await call("/api/people", {});
      state.people.push(person);
      for (const c of state.chats) c.fillPeople();
      value = String(person.id);
      this.select.value = value;
    }
    await this.open(Number(value));
  }

  /** Shows the person's chat: its history, then live changes. */
  async open(personId) {
    this.personId = personId;
    this.select.value = String(personId);
    this.rows.clear();
    this.list.replaceChildren();
    this.commandList.hidden = true;
    this.setTyping(false);
    const data = await call(`/api/chats/${personId}`);
    if (this.personId !== personId) return;
    this.setCommands(data.commands);
    for (const shown of data.messages) this.show(shown, false);
    this.emptyState();
    this.scroll(true);
  }

  async refreshCommands() {
    if (this.personId === undefined) return;
    this.setCommands((await call(`/api/chats/${this.personId}`)).commands);
  }

  setCommands(commands) {
    this.commands = commands || [];
    this.menuButton.hidden = this.commands.length === 0;
  }

  showCommands(prefix) {
    const items = this.commands.filter((c) => c.command.startsWith(prefix.toLowerCase()));
    this.commandList.replaceChildren(
      ...items.map((c) => {
        const b = el("button", "cmd", el("b", "", `/${c.command}`), el("span", "", c.description));
        b.type = "button";
        b.addEventListener("click", () => {
          this.commandList.hidden = true;
          this.input.value = "";
          this.send(`/${c.command}`);
        });
        return b;
      }),
    );
    this.commandList.hidden = items.length === 0;
  }

  emptyState() {
    const empty = $(".empty", this.list);
    if (this.rows.size > 0) return empty?.remove();
    if (empty) return;
    const start = el("button", "", "START");
    start.type = "button";
    start.addEventListener("click", () => this.send("/start"));
    this.list.append(el("div", "empty", el("b", "", "Renew your internet in a few taps"), "Choose your provider, type your username, pay from your wallet. This is the real bot, in a sandbox.", el("br"), start));
  }

  grow() {
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
  }

  sendTyped() {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.grow();
    this.commandList.hidden = true;
    this.send(text);
  }

  send(text) {
    call(`/api/chats/${this.personId}/send`, { text }).catch((err) => toast(err.message));
  }

  setTyping(on) {
    clearTimeout(this.typingTimer);
    this.status.textContent = on ? "typing…" : "bot";
    this.status.classList.toggle("typing", on);
    // Telegram shows the action for 5 s, or until the bot's next message.
    if (on) this.typingTimer = setTimeout(() => this.setTyping(false), 5000);
  }

  /** Whether the chat is scrolled to (about) its end. */
  atEnd() {
    const l = this.list;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 80;
  }

  scroll(force) {
    if (force || this.atEnd()) this.list.scrollTop = this.list.scrollHeight;
  }

  /** A new, edited or deleted message. */
  show(shown, live = true) {
    const m = shown.message;
    const old = this.rows.get(m.message_id);
    if (shown.deleted) {
      old?.remove();
      this.rows.delete(m.message_id);
      return;
    }
    // A chat read to its end stays at its end, as new and edited messages come in.
    const stick = live && this.atEnd();
    const row = this.render(shown);
    if (old) old.replaceWith(row);
    else {
      // In order of message id: a live message may arrive while the history is being read.
      const next = [...this.rows].filter(([id]) => id > m.message_id).sort(([a], [b]) => a - b)[0];
      if (next) next[1].before(row);
      else this.list.append(row);
    }
    this.rows.set(m.message_id, row);
    if (live) {
      if (m.from.is_bot && !old) this.setTyping(false);
      this.emptyState();
      this.scroll(stick || !m.from.is_bot);
    }
  }

  render(shown) {
    const m = shown.message;
    if (m.successful_payment) {
      const p = m.successful_payment;
      return el("div", "service", `You paid ${money(p.total_amount, p.currency)} to ${state.bot.name}`);
    }
    const row = el("div", `msg ${m.from.is_bot ? "in" : "out"}`);
    row.dataset.id = String(m.message_id);
    const bubble = el("div", "bubble");
    if (m.photo) {
      const img = el("img", "photo");
      img.src = `/files/${m.photo[m.photo.length - 1].file_id}`;
      img.alt = m.caption || "photo";
      img.addEventListener("load", () => {
        if (this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < img.height + 80) this.scroll(true);
      });
      bubble.append(img);
    }
    if (m.document) {
      const d = m.document;
      const a = el("a", "doc", el("span", "doc-icon", "📄"), el("span", "doc-info", el("span", "doc-name", d.file_name || "file"), el("span", "doc-size", d.file_size ? sizeOf(d.file_size) : "")));
      a.href = `/files/${d.file_id}`;
      a.download = d.file_name || "file";
      bubble.append(a);
    }
    if (m.invoice) {
      const i = m.invoice;
      bubble.append(el("div", "invoice-title", i.title), el("div", "text", i.description), el("div", "invoice-amount", money(i.total_amount, i.currency)));
    }
    const text = m.text ?? m.caption;
    if (text) bubble.append(richText(text, m.entities ?? m.caption_entities, this, m.text !== undefined ? "text" : "text caption"));
    const meta = el("span", "meta", `${m.edit_date ? "edited " : ""}${timeOf(m.date)}`);
    (bubble.lastElementChild && bubble.lastElementChild.classList.contains("text") ? bubble.lastElementChild : bubble).append(meta);
    row.append(bubble);
    const keyboard = this.keyboard(shown);
    if (keyboard) {
      bubble.classList.add("with-keyboard");
      row.append(keyboard);
    }
    return row;
  }

  /** The inline keyboard: callback buttons press, URL buttons open, an invoice's pay button pays. */
  keyboard(shown) {
    const m = shown.message;
    let rows = m.reply_markup?.inline_keyboard ?? [];
    if (m.invoice && !rows.some((r) => r.some((b) => b.pay))) rows = [[{ text: `Pay ${money(m.invoice.total_amount, m.invoice.currency)}`, pay: true }], ...rows];
    if (rows.length === 0) return undefined;
    const box = el("div", "keyboard");
    for (const r of rows) {
      const line = el("div", "kb-row");
      for (const b of r) {
        let node;
        if (typeof b.url === "string") {
          node = el("a", "kb", b.text, el("span", "corner", "↗"));
          const url = safeUrl(b.url);
          if (url) node.href = url;
          node.target = "_blank";
          node.rel = "noopener noreferrer";
        } else {
          node = el("button", "kb", b.pay && shown.paid ? "✓ Paid" : b.text);
          node.type = "button";
          if (typeof b.callback_data === "string") node.addEventListener("click", () => this.press(node, m.message_id, b.callback_data));
          else if (b.pay && !shown.paid) node.addEventListener("click", () => this.pay(m));
          else node.disabled = true;
        }
        line.append(node);
      }
      box.append(line);
    }
    return box;
  }

  press(button, messageId, data) {
    button.classList.add("busy");
    setTimeout(() => button.classList.remove("busy"), 1500);
    call(`/api/chats/${this.personId}/press`, { messageId, data }).catch((err) => toast(err.message));
  }

  /** Telegram's payment form, in short: the invoice, the total, Pay. */
  pay(m) {
    const d = $("#pay-dialog");
    $("#pay-title").textContent = m.invoice.title;
    $(".pay-description", d).textContent = m.invoice.description;
    $(".pay-total b", d).textContent = money(m.invoice.total_amount, m.invoice.currency);
    $(".pay-confirm", d).textContent = `Pay ${money(m.invoice.total_amount, m.invoice.currency)}`;
    d.returnValue = "";
    d.onclose = async () => {
      if (d.returnValue !== "pay") return;
      try {
        const r = await call(`/api/chats/${this.personId}/pay`, { messageId: m.message_id });
        if (!r.ok) alertBox(r.error);
      } catch (err) {
        toast(err.message);
      }
    };
    d.showModal();
  }
}

function toggleSplit() {
  if (state.chats.length > 1) {
    state.chats.pop().root.remove();
    state.active = 0;
  } else {
    const chat = new Chat(1);
    state.chats.push(chat);
    $("#chats").append(chat.root);
    const first = state.people.find((p) => p.id === state.chats[0].personId);
    const other = state.people.find((p) => p.role === (first?.role === "admin" ? "customer" : "admin"));
    chat.open(other.id).catch((err) => toast(err.message));
  }
  $(".split", state.chats[0].root).classList.toggle("active", state.chats.length > 1);
}

function openPanel(open) {
  $("#panel").classList.toggle("open", open);
  $("#scrim").hidden = !open;
}

/** The side panel: the sandbox's accounts (tap to type one) and the fault switches. */
function fillPanel(accounts) {
  const box = $("#accounts");
  for (const group of accounts) {
    const chips = el("div", "chips");
    for (const [account, note] of group.accounts) {
      const chip = el("button", "chip", account, note ? el("small", "", note) : undefined);
      chip.type = "button";
      chip.title = `Type ${account}`;
      chip.addEventListener("click", () => {
        const chat = state.chats[state.active] ?? state.chats[0];
        chat.input.value = account;
        chat.grow();
        openPanel(false);
        chat.input.focus();
      });
      chips.append(chip);
    }
    box.append(el("div", "provider", group.provider), chips);
  }
  const faults = {
    timeout: ["⏱ Time out", "The aggregator answers too late: the payment is pending, then reconciled as paid."],
    queued: ["⏳ Queue", "The aggregator queues it: pending, then settled by reconciliation."],
    failed: ["✖️ Fail", "The aggregator refuses it: the money is returned."],
  };
  for (const [name, [label, what]] of Object.entries(faults)) {
    const b = el("button", "fault", el("b", "", label), el("span", "", what));
    b.type = "button";
    b.dataset.fault = name;
    b.addEventListener("click", async () => {
      try {
        await call("/api/faults", { fault: name });
        for (const x of document.querySelectorAll(".fault")) x.classList.toggle("armed", x === b);
        $("#fault-note").textContent = `Armed: the next payment will ${name === "timeout" ? "time out" : name === "queued" ? "be queued" : "fail"}.`;
        toast(`${label}: armed for the next payment`);
      } catch (err) {
        toast(err.message);
      }
    });
    $("#faults").append(b);
  }
}

/** One stream for every chat: messages, typing, button answers, command lists. */
function listen() {
  const events = new EventSource("/api/events");
  let lost = false;
  const chatsOf = (id) => state.chats.filter((c) => c.personId === id);
  events.addEventListener("message", (e) => {
    const shown = JSON.parse(e.data);
    for (const c of chatsOf(shown.chatId)) c.show(shown);
  });
  events.addEventListener("action", (e) => {
    const a = JSON.parse(e.data);
    for (const c of chatsOf(a.chatId)) c.setTyping(true);
  });
  events.addEventListener("answer", (e) => {
    const a = JSON.parse(e.data);
    if (!a.text || chatsOf(a.userId).length === 0) return;
    if (a.showAlert) alertBox(a.text);
    else toast(a.text);
  });
  events.addEventListener("commands", () => {
    for (const c of state.chats) c.refreshCommands().catch(() => {});
  });
  events.addEventListener("error", () => (lost = true));
  // Back after a break (the server may have restarted, with new people and chats): start afresh.
  events.addEventListener("open", () => {
    if (lost) location.reload();
  });
}

async function main() {
  const s = await call("/api/state");
  state.bot = s.bot;
  state.people = s.people;
  document.title = `${s.bot.name} · playground`;
  fillPanel(s.accounts);
  $("#close-panel").addEventListener("click", () => openPanel(false));
  $("#scrim").addEventListener("click", () => openPanel(false));
  listen();
  const chat = new Chat(0);
  state.chats.push(chat);
  $("#chats").append(chat.root);
  await chat.open(s.people.find((p) => p.role === "customer").id);
  $(".split", chat.root).classList.remove("active");
}

main().catch((err) => toast(`The playground did not load: ${err.message}`));
