/**
 * English and Nepali are both complete: the same messages with the same variables, every message
 * the code names exists, and each formats without errors through the bot's own translator, exactly as
 * the i18n plugin formats it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { I18n } from "@grammyjs/i18n";
import { describe, expect, it } from "vitest";
import { translator } from "../src/bot/app.js";

const dir = join(import.meta.dirname, "../src/locales");
const read = (locale: string) => readFileSync(join(dir, `${locale}.ftl`), "utf8");

/** Message id → the variables it uses, from the .ftl text (a message runs until the next id). */
function messages(ftl: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const block of ftl.split(/\n(?=[a-z][a-z0-9-]* =)/)) {
    const m = /^([a-z][a-z0-9-]*) =/.exec(block.replace(/^(#.*\n|\s*\n)*/, ""));
    if (!m) continue;
    out.set(m[1]!, [...new Set(block.match(/\$[a-zA-Z_-]+/g) ?? [])].sort());
  }
  return out;
}

/** Every `t("key"` literal in the bot's code. */
function keysUsedInCode(): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) files.push(p);
    }
  };
  walk(join(import.meta.dirname, "../src"));
  walk(join(import.meta.dirname, "../conversations"));
  const keys = new Set<string>();
  for (const f of files) for (const m of readFileSync(f, "utf8").matchAll(/\bt\(\s*"([a-z][a-z0-9-]*)"/g)) keys.add(m[1]!);
  return [...keys].sort();
}

describe("locales", () => {
  const en = messages(read("en"));
  const ne = messages(read("ne"));

  it("Nepali has exactly the English messages, with the same variables", () => {
    expect(en.size).toBeGreaterThan(100);
    expect([...ne.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [id, vars] of en) expect({ id, vars: ne.get(id) }).toEqual({ id, vars });
  });

  it("every message the code names exists", () => {
    const used = keysUsedInCode();
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((k) => !en.has(k))).toEqual([]);
  });

  it("every message formats in both languages; Nepali is not English", () => {
    const i18n = new I18n({ defaultLocale: "en", directory: dir, fluentBundleOptions: { useIsolating: false } });
    const args: Record<string, string | number> = {};
    for (const vars of en.values()) for (const v of vars) args[v.slice(1)] = "X";
    Object.assign(args, { minutes: 15, state: "failed", number: 7 });
    const t = translator(dir);
    const untranslated: string[] = [];
    for (const id of en.keys()) {
      const e = t("en", id, args);
      const n = t("ne", id, args);
      expect([e, n]).toEqual([i18n.t("en", id, args), i18n.t("ne", id, args)]);
      // A missing message comes back as its id; a broken placeable leaves braces.
      for (const text of [e, n]) {
        expect(text, id).not.toBe(id);
        expect(text, id).not.toMatch(/[{}]/);
      }
      // Only messages of symbols and variables (arrows, "👤 { $name }") may read the same.
      if (e === n && /[A-Za-z]/.test(e.replace(/\bX\b/g, "").replace(/English/g, ""))) untranslated.push(id);
    }
    expect(untranslated).toEqual([]);
    expect(t("en", "idle-timeout", { minutes: 1 })).toMatch(/after 1 minute without/);
    expect(t("en", "idle-timeout", { minutes: 15 })).toMatch(/after 15 minutes without/);
    expect(t("ne", "no-such-text")).toBe("{no-such-text}");
  });
});
