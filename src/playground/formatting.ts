/**
 * Message formatting as the Bot API reads it: `parse_mode` HTML, MarkdownV2 or Markdown turned into
 * plain text and entities (offsets in UTF-16 code units), and `entities` given as such checked. A
 * text Telegram could not parse is refused with its own words ("can't parse entities: ..."), so a bot
 * that forgets to escape a character fails against the emulator as it would in production.
 */

/** A MessageEntity, as Telegram sends it. */
export interface Entity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

/** A text with its formatting taken out. */
export interface Formatted {
  text: string;
  entities: Entity[];
}

/** Thrown for a text that cannot be parsed; the emulator answers 400 with `message`. */
export class EntityParseError extends Error {
  constructor(what: string, prefix = "Bad Request: can't parse entities: ") {
    super(`${prefix}${what}`);
  }
}

const ENTITY_TYPES = new Set([
  "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bold", "italic", "underline",
  "strikethrough", "spoiler", "blockquote", "expandable_blockquote", "code", "pre", "text_link", "text_mention", "custom_emoji",
]);

/** Entities sorted as Telegram returns them: by offset, the enclosing one first; empty ones dropped. */
function sorted(entities: Entity[]): Entity[] {
  return entities.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** Byte offset (UTF-8) of position `i` of `s`, as Telegram's error messages count. */
const byteAt = (s: string, i: number) => Buffer.byteLength(s.slice(0, i));

/**
 * The text and entities of a message: parsed from `parseMode` when given, else the `entities` as
 * given (checked), else none.
 */
export function formatText(raw: string, parseMode: unknown, entities: unknown): Formatted {
  if (parseMode !== undefined && parseMode !== null && parseMode !== "") {
    if (parseMode === "HTML") return parseHtml(raw);
    if (parseMode === "MarkdownV2") return parseMarkdownV2(raw);
    if (parseMode === "Markdown") return parseMarkdown(raw);
    throw new EntityParseError("unsupported parse_mode", "Bad Request: ");
  }
  if (entities === undefined || entities === null) return { text: raw, entities: [] };
  const list = typeof entities === "string" ? (JSON.parse(entities) as unknown) : entities;
  if (!Array.isArray(list)) throw new EntityParseError("entities must be an Array");
  const out: Entity[] = [];
  for (const e of list as Array<Record<string, unknown>>) {
    const { type, offset, length } = e;
    if (typeof type !== "string" || !ENTITY_TYPES.has(type)) throw new EntityParseError(`unsupported entity type "${String(type)}"`);
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || (offset as number) < 0 || (length as number) < 0 || (offset as number) + (length as number) > raw.length) {
      throw new EntityParseError("entity offset or length is out of the text");
    }
    if (type === "text_link" && typeof e.url !== "string") throw new EntityParseError("text_link needs a url");
    out.push({ type, offset: offset as number, length: length as number, ...(typeof e.url === "string" ? { url: e.url } : {}), ...(typeof e.language === "string" ? { language: e.language } : {}) });
  }
  return { text: raw, entities: sorted(out) };
}

const HTML_TAGS: Record<string, string> = {
  b: "bold", strong: "bold", i: "italic", em: "italic", u: "underline", ins: "underline", s: "strikethrough", strike: "strikethrough",
  del: "strikethrough", "tg-spoiler": "spoiler", code: "code", pre: "pre", a: "text_link", blockquote: "blockquote", span: "spoiler", "tg-emoji": "custom_emoji",
};
const NAMED_CHARS: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Telegram's HTML: the tags it knows, `&lt; &gt; &amp; &quot;` and numeric character references. */
export function parseHtml(src: string): Formatted {
  let text = "";
  const entities: Entity[] = [];
  const open: Array<{ tag: string; entity: Entity }> = [];
  const decode = (s: string) =>
    s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return NAMED_CHARS[name.toLowerCase()] ?? m;
    });
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const chunk = lt < 0 ? src.slice(i) : src.slice(i, lt);
    text += decode(chunk);
    if (lt < 0) break;
    const gt = src.indexOf(">", lt);
    if (gt < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${byteAt(src, lt)}`);
    const inner = src.slice(lt + 1, gt).trim();
    if (inner.startsWith("/")) {
      const tag = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (!top || top.tag !== tag) {
        throw new EntityParseError(`Unmatched end tag at byte offset ${byteAt(src, lt)}, expected "</${top?.tag ?? ""}>", found "</${tag}>"`);
      }
      top.entity.length = text.length - top.entity.offset;
      const parent = open.at(-1);
      // <pre><code class="language-x">: one pre entity with its language.
      if (tag === "code" && parent?.tag === "pre") {
        if (top.entity.language) parent.entity.language = top.entity.language;
      } else {
        if (tag === "code") delete top.entity.language;
        entities.push(top.entity);
      }
    } else {
      const m = /^([a-z-]+)(\s[\s\S]*)?$/i.exec(inner);
      const tag = m?.[1]?.toLowerCase() ?? "";
      const type = HTML_TAGS[tag];
      if (!m || !type) throw new EntityParseError(`Unsupported start tag "${tag || inner}" at byte offset ${byteAt(src, lt)}`);
      const attrs = new Map<string, string>();
      for (const a of (m[2] ?? "").matchAll(/([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/gi)) attrs.set(a[1]!.toLowerCase(), decode(a[2] ?? a[3] ?? a[4] ?? ""));
      if (tag === "span" && attrs.get("class") !== "tg-spoiler") throw new EntityParseError(`Unsupported start tag "span" at byte offset ${byteAt(src, lt)}`);
      const entity: Entity = { type: tag === "blockquote" && /\bexpandable\b/.test(m[2] ?? "") ? "expandable_blockquote" : type, offset: text.length, length: 0 };
      if (tag === "a") {
        const href = attrs.get("href");
        if (!href) throw new EntityParseError(`Can't find href of the link at byte offset ${byteAt(src, lt)}`);
        entity.url = href;
      }
      const language = /^language-(.+)$/.exec(attrs.get("class") ?? "")?.[1];
      if (tag === "code" && language) entity.language = language;
      open.push({ tag, entity });
    }
    i = gt + 1;
  }
  if (open.length > 0) throw new EntityParseError(`Can't find end tag corresponding to start tag "${open.at(-1)!.tag}"`);
  return { text, entities: sorted(entities) };
}

const V2_RESERVED = "_*[]()~`>#+-=|{}.!";
const V2_MARKERS: Record<string, string> = { "*": "bold", _: "italic", __: "underline", "~": "strikethrough", "||": "spoiler" };

/** Telegram's MarkdownV2: every reserved character outside an entity must be escaped with `\`. */
export function parseMarkdownV2(src: string): Formatted {
  let text = "";
  const entities: Entity[] = [];
  const open: Array<{ marker: string; entity: Entity; at: number }> = [];
  let quote: Entity | undefined;
  let i = 0;
  /** Reads up to the unescaped `end`, keeping escaped characters; returns [content, index after end]. */
  const until = (from: number, end: string): [string, number] => {
    let out = "";
    for (let j = from; j < src.length; j++) {
      if (src[j] === "\\" && j + 1 < src.length) out += src[++j];
      else if (src.startsWith(end, j)) return [out, j + end.length];
      else out += src[j];
    }
    throw new EntityParseError(`Can't find end of ${end === ")" ? "a URL" : "the entity"} starting at byte offset ${byteAt(src, from - 1)}`);
  };
  while (i < src.length) {
    const c = src[i]!;
    const lineStart = i === 0 || src[i - 1] === "\n";
    if (lineStart && c === ">") {
      quote ??= { type: "blockquote", offset: text.length, length: 0 };
      i++;
      continue;
    }
    if (c === "\n" && quote && src[i + 1] !== ">") {
      quote.length = text.length - quote.offset;
      entities.push(quote);
      quote = undefined;
    }
    if (c === "\\") {
      if (i + 1 >= src.length) throw new EntityParseError(`Character '\\' is reserved and must be escaped with the preceding '\\'`);
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (src.startsWith("```", i)) {
      const [body, next] = until(i + 3, "```");
      const nl = body.indexOf("\n");
      const language = nl > 0 && !/\s/.test(body.slice(0, nl)) ? body.slice(0, nl) : undefined;
      const code = language !== undefined ? body.slice(nl + 1) : body;
      entities.push({ type: "pre", offset: text.length, length: code.length, ...(language ? { language } : {}) });
      text += code;
      i = next;
      continue;
    }
    if (c === "`") {
      const [code, next] = until(i + 1, "`");
      entities.push({ type: "code", offset: text.length, length: code.length });
      text += code;
      i = next;
      continue;
    }
    const marker = src.startsWith("__", i) ? "__" : src.startsWith("||", i) ? "||" : c in V2_MARKERS ? c : undefined;
    if (marker) {
      const at = open.findIndex((o) => o.marker === marker);
      if (at >= 0) {
        if (at !== open.length - 1) throw new EntityParseError(`Can't find end of ${open.at(-1)!.entity.type} entity at byte offset ${byteAt(src, open.at(-1)!.at)}`);
        const o = open.pop()!;
        o.entity.length = text.length - o.entity.offset;
        entities.push(o.entity);
      } else {
        open.push({ marker, at: i, entity: { type: V2_MARKERS[marker]!, offset: text.length, length: 0 } });
      }
      i += marker.length;
      continue;
    }
    if (c === "[") {
      open.push({ marker: "[", at: i, entity: { type: "text_link", offset: text.length, length: 0 } });
      i++;
      continue;
    }
    if (c === "]" && open.at(-1)?.marker === "[" && src[i + 1] === "(") {
      const o = open.pop()!;
      const [url, next] = until(i + 2, ")");
      o.entity.length = text.length - o.entity.offset;
      o.entity.url = url;
      entities.push(o.entity);
      i = next;
      continue;
    }
    if (V2_RESERVED.includes(c)) throw new EntityParseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    text += c;
    i++;
  }
  if (open.length > 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteAt(src, open.at(-1)!.at)}`);
  if (quote) {
    quote.length = text.length - quote.offset;
    entities.push(quote);
  }
  return { text, entities: sorted(entities) };
}

const LEGACY_MARKERS: Record<string, string> = { "*": "bold", _: "italic" };

/** Telegram's legacy Markdown: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`; no nesting. */
export function parseMarkdown(src: string): Formatted {
  let text = "";
  const entities: Entity[] = [];
  let i = 0;
  const end = (from: number, close: string) => {
    const j = src.indexOf(close, from);
    if (j < 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteAt(src, from - 1)}`);
    return j;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\" && "_*`[".includes(src[i + 1] ?? "")) {
      text += src[i + 1];
      i += 2;
    } else if (src.startsWith("```", i)) {
      const j = end(i + 3, "```");
      const body = src.slice(i + 3, j);
      const nl = body.indexOf("\n");
      const language = nl > 0 && !/\s/.test(body.slice(0, nl)) ? body.slice(0, nl) : undefined;
      const code = language !== undefined ? body.slice(nl + 1) : body;
      entities.push({ type: "pre", offset: text.length, length: code.length, ...(language ? { language } : {}) });
      text += code;
      i = j + 3;
    } else if (c === "`" || c in LEGACY_MARKERS) {
      const j = end(i + 1, c);
      const body = src.slice(i + 1, j);
      entities.push({ type: c === "`" ? "code" : LEGACY_MARKERS[c]!, offset: text.length, length: body.length });
      text += body;
      i = j + 1;
    } else if (c === "[") {
      const close = end(i + 1, "]");
      if (src[close + 1] !== "(") {
        text += c;
        i++;
        continue;
      }
      const paren = end(close + 2, ")");
      const label = src.slice(i + 1, close);
      entities.push({ type: "text_link", offset: text.length, length: label.length, url: src.slice(close + 2, paren) });
      text += label;
      i = paren + 1;
    } else {
      text += c;
      i++;
    }
  }
  return { text, entities: sorted(entities) };
}
