//! Scripts run through WebDriver's "execute script". They run in the page even when the page's
//! own JavaScript is disabled (the content setting blocks page scripts, not the driver's), so
//! the helpers work the same in the JavaScript-off profile.

/// Finds one control or clickable by its accessible name, as a person would name it.
///
/// `arguments[0]`: the name (or a CSS selector, tried last); `arguments[1]`: the kind (`text`,
/// `select`, `check`, `file`, `button`, `link`). Returns `{el}` or `{error, names}`.
///
/// Names of a control: its `<label>`s, `aria-label`, `aria-labelledby`; of a button or link: its
/// text, `aria-label`, `value`, `alt`, `title`. A trailing `*`, `(bắt buộc)` or `:` in a label
/// is ignored. Matching is whitespace-normalised: exact first, then "starts with", then
/// "contains"; the best level wins; visible elements beat hidden ones; two visible elements
/// at the same level are an error (a story must not click by luck). `placeholder`, `name` and
/// `id` match exactly, below every label match.
pub const FIND: &str = r#"
const key = arguments[0], kind = arguments[1];
const norm = s => (s || '').replace(/\s+/g, ' ').trim();
const strip = s => norm(s).replace(/\s*(\*|\((bắt buộc|required)\))\s*$/i, '').replace(/\s*[:：]\s*$/, '').trim();
const lower = s => strip(s).toLocaleLowerCase('vi');
const want = lower(key);
const visible = el => {
  if (el.type === 'file' || el.type === 'checkbox' || el.type === 'radio') {
    // Often styled through their label while the input itself is hidden.
    const l = el.labels && el.labels[0];
    if (l && (l.offsetWidth || l.offsetHeight || l.getClientRects().length)) return true;
  }
  return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
};
const textOf = node => {
  const c = node.cloneNode(true);
  c.querySelectorAll('input,select,textarea,script,style').forEach(n => n.remove());
  return c.textContent;
};
const byIds = ids => (ids || '').split(/\s+/).filter(Boolean)
  .map(id => document.getElementById(id)).filter(Boolean).map(textOf).join(' ');
const SELECTORS = {
  text: 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]),textarea,[contenteditable=""],[contenteditable="true"],[role=textbox],[role=searchbox]',
  select: 'select',
  check: 'input[type=checkbox],input[type=radio],[role=checkbox],[role=radio],[role=switch]',
  file: 'input[type=file]',
  button: 'button,input[type=submit],input[type=button],input[type=reset],input[type=image],[role=button],summary',
  link: 'a[href],[role=link]',
};
const sel = SELECTORS[kind];
const labelNames = el => {
  const names = [];
  if (el.labels) for (const l of el.labels) names.push(textOf(l));
  names.push(el.getAttribute('aria-label'));
  names.push(byIds(el.getAttribute('aria-labelledby')));
  return names;
};
const contentNames = el => [
  el.getAttribute('aria-label'), byIds(el.getAttribute('aria-labelledby')),
  el.tagName === 'INPUT' ? el.value : textOf(el),
  el.getAttribute('alt'), el.getAttribute('title'),
];
const clickable = kind === 'button' || kind === 'link';
const all = Array.from(document.querySelectorAll(sel));
const scored = [];
for (const el of all) {
  let score = 0;
  for (const n of (clickable ? contentNames(el) : labelNames(el))) {
    const t = lower(n);
    if (!t) continue;
    if (t === want) score = Math.max(score, 4);
    else if (t.startsWith(want)) score = Math.max(score, 3);
    else if (t.includes(want)) score = Math.max(score, 2);
  }
  if (score === 0 && !clickable) {
    for (const a of ['placeholder', 'name', 'id']) {
      if (lower(el.getAttribute(a)) === want) score = 1;
    }
  }
  if (score > 0) scored.push({el, score: score * 2 + (visible(el) ? 1 : 0)});
}
if (scored.length) {
  const best = Math.max(...scored.map(s => s.score));
  const top = scored.filter(s => s.score === best).map(s => s.el);
  if (top.length === 1) return {el: top[0]};
  // Radio buttons of one group named alike are still one choice each: ambiguous.
  return {error: 'ambiguous', names: top.map(e => e.outerHTML.slice(0, 160))};
}
let bySelector = [];
try { bySelector = Array.from(document.querySelectorAll(key)); } catch (e) {}
if (bySelector.length) {
  const vis = bySelector.filter(visible);
  return {el: (vis[0] || bySelector[0])};
}
const names = all.filter(visible).slice(0, 40).map(el => {
  const n = (clickable ? contentNames(el) : labelNames(el)).map(norm).filter(Boolean);
  return n[0] || el.outerHTML.slice(0, 120);
});
return {error: 'not found', names};
"#;

/// Finds the `<option>` of a `<select>` (`arguments[0]`) by its text (`arguments[1]`), exact
/// first, then "starts with", then "contains"; or by its value.
pub const FIND_OPTION: &str = r#"
const select = arguments[0], key = arguments[1];
const norm = s => (s || '').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
const want = norm(key);
const opts = Array.from(select.options);
const pick = opts.find(o => norm(o.text) === want) || opts.find(o => norm(o.text).startsWith(want))
  || opts.find(o => norm(o.text).includes(want)) || opts.find(o => o.value === key);
if (pick) return {el: pick};
return {error: 'not found', names: opts.map(o => norm(o.text))};
"#;

/// Scrolls an element (`arguments[0]`) to the middle of the screen (so a sticky header cannot
/// cover it when it is clicked).
pub const SCROLL_INTO_VIEW: &str = r#"
arguments[0].scrollIntoView({block: 'center', inline: 'center'});
"#;

/// The page's text as a person sees it.
pub const TEXT: &str = r#"
return document.body ? document.body.innerText : (document.documentElement ? document.documentElement.innerText : '');
"#;

/// Whether the page is ready to be weighed: loaded, fonts loaded. (Polled from Rust: timers
/// and promises of an async script do not all run when the page's JavaScript is off.)
pub const WEIGHT_READY: &str = r#"
return document.readyState === 'complete' && (!document.fonts || document.fonts.status === 'loaded');
"#;

/// The loaded document, its subresources and their sizes.
pub const WEIGHT: &str = r#"
const row = (e, kind) => ({
  url: e.name, kind,
  transfer_size: Math.round(e.transferSize || 0),
  encoded_body_size: Math.round(e.encodedBodySize || 0),
  decoded_body_size: Math.round(e.decodedBodySize || 0),
  content_type: e.contentType || '',
  status: e.responseStatus || 0,
});
const nav = performance.getEntriesByType('navigation')[0];
return {
  document: nav ? row(nav, 'document') : null,
  resources: performance.getEntriesByType('resource').map(e => row(e, e.initiatorType)),
};
"#;

/// Runs axe on the document with the tags in `arguments[0]`. Async.
///
/// When the page's JavaScript is blocked (`arguments[1]` false), promise callbacks still run but
/// timers never fire, and axe defers work with `setTimeout(f, 0)`. For the length of the run,
/// `setTimeout` then becomes: delay ≤ 1 ms → a microtask; longer delays (axe's "give up after"
/// guards for frames and preloading) → never. Page scripts cannot see this: none run.
pub const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
const tags = arguments[0], pageScripts = arguments[1];
if (!window.axe) { done({error: 'axe-core is not loaded in this page'}); return; }
const realSet = window.setTimeout, realClear = window.clearTimeout;
let restore = () => {};
if (!pageScripts) {
  let next = 1;
  const cancelled = new Set();
  window.setTimeout = function (f, ms, ...rest) {
    const id = next++;
    if (!(ms > 1)) Promise.resolve().then(() => { if (!cancelled.has(id)) f(...rest); });
    return id;
  };
  window.clearTimeout = id => { cancelled.add(id); };
  restore = () => { window.setTimeout = realSet; window.clearTimeout = realClear; };
}
window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']})
  .then(r => {
    restore();
    const slim = list => list.map(v => ({
      id: v.id, impact: v.impact, description: v.description, help: v.help, helpUrl: v.helpUrl,
      tags: v.tags,
      nodes: v.nodes.map(n => ({target: n.target, html: (n.html || '').slice(0, 300),
        impact: n.impact, failureSummary: n.failureSummary})),
    }));
    done({url: r.url, engine: r.testEngine.name + ' ' + r.testEngine.version,
      violations: slim(r.violations), incomplete: slim(r.incomplete)});
  })
  .catch(e => { restore(); done({error: String(e && e.stack || e)}); });
"#;
