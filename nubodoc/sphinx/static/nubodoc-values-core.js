// nubodoc: the reader's values, checked and put in place of the placeholders.
//
// The same rules as nubodoc/catalogue/reader_values.py, read from the same
// nubodoc-values.json, held to the same test vectors (tests/test_reader_values.py
// runs them through both). Loaded in the page (window.nubodocValuesCore) and in
// Node (module.exports) for the tests.
(function (root) {
  "use strict";

  const PLACEHOLDER = /<[a-z][a-z0-9_]*>/g;
  const SHELL_PLAIN = /^[A-Za-z0-9À-ÖØ-öø-ÿ_./:@%+=,-]$/;
  const SHELL_IN_DOUBLE_QUOTES = '$`"\\';
  const STRING_SPECIAL = "\\\"'";

  function normalise(rules, kind, value) {
    for (const step of rules.kinds[kind].normalise) {
      if (step === "trim") value = value.trim();
      else if (step === "trailing-slash") value = value.replace(/\/+$/, "");
    }
    return value;
  }

  // {value: normalised} or {refused: French message, rule: its index}.
  function check(rules, kind, value) {
    value = normalise(rules, kind, value);
    const list = rules.kinds[kind].rules;
    for (let number = 0; number < list.length; number++) {
      const rule = list[number];
      const broken =
        ("must_match" in rule && !new RegExp(rule.must_match).test(value)) ||
        ("must_not_match" in rule && new RegExp(rule.must_not_match).test(value));
      if (broken) return { refused: rule.message, rule: number };
    }
    return { value };
  }

  // [{caution: French message, number: its index}] for an accepted value.
  function cautions(rules, kind, value) {
    value = normalise(rules, kind, value);
    const found = [];
    rules.kinds[kind].cautions.forEach((caution, number) => {
      if (new RegExp(caution.when_matches).test(value)) {
        found.push({ caution: caution.message, number });
      }
    });
    return found;
  }

  function shellContexts(text) {
    const contexts = [];
    let state = "plain";
    let escaped = false;
    for (let index = 0; index < text.length; index++) {
      const char = text[index];
      contexts.push(state);
      if (escaped) {
        escaped = false;
      } else if (state === "plain") {
        if (char === "\\") escaped = true;
        else if (char === "'") state = "single";
        else if (char === '"') state = "double";
        else if (char === "#" && (index === 0 || /\s/.test(text[index - 1]))) state = "comment";
      } else if (state === "single" && char === "'") {
        state = "plain";
      } else if (state === "double") {
        if (char === "\\") escaped = true;
        else if (char === '"') state = "plain";
      } else if (state === "comment" && char === "\n") {
        state = "plain";
      }
    }
    return contexts;
  }

  function escapeEach(value, special) {
    return Array.from(value, (c) => (special(c) ? "\\" + c : c)).join("");
  }

  function quote(value, language, context) {
    if (language === "mc") {
      if (context === "single") return value.split("'").join("'\\''");
      if (context === "double") return escapeEach(value, (c) => SHELL_IN_DOUBLE_QUOTES.includes(c));
      if (context === "comment") return value;
      return escapeEach(value, (c) => !SHELL_PLAIN.test(c));
    }
    if (language === "r" || language === "python") {
      return escapeEach(value, (c) => STRING_SPECIAL.includes(c));
    }
    return value;
  }

  // [{start, end, text}]: where each placeholder of values is in text, and its
  // value quoted for where it lands; language "r", "python", "mc", or anything
  // else for prose (no quoting).
  function replacements(text, language, values) {
    const contexts = language === "mc" ? shellContexts(text) : null;
    const found = [];
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (!Object.prototype.hasOwnProperty.call(values, match[0])) continue;
      const context = contexts ? contexts[match.index] : "plain";
      found.push({ start: match.index, end: match.index + match[0].length,
        text: quote(values[match[0]], language, context) });
    }
    return found;
  }

  // text with each placeholder of values replaced, quoted for where it lands.
  function substitute(text, language, values) {
    let result = "";
    let last = 0;
    for (const edit of replacements(text, language, values)) {
      result += text.slice(last, edit.start) + edit.text;
      last = edit.end;
    }
    return result + text.slice(last);
  }

  const api = { normalise, check, cautions, replacements, substitute, PLACEHOLDER };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.nubodocValuesCore = api;
})(typeof window === "undefined" ? globalThis : window);
