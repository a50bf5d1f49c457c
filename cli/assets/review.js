/* cf review: the draft beside the letter.
 *
 * The draft is rebuilt from the page's data (the result's JSON form) after every edit, only
 * from the letter's own sentences and the house style's templates: a findings bullet is a
 * letter sentence verbatim; the `However,` paragraph is "However, " + the sentence with its
 * first letter lower-cased (unless a name); the quote is "<sentence without its final
 * stop>," + the attribution. All text goes in through textContent, never as markup.
 * Nothing is fetched or sent: the state lives in this page. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("cf-data").textContent);
  var S = data.sentences;
  var D = data.draft;
  var proper = new Set(data.proper);
  var style = data.style;
  var story = document.getElementById("story");
  var statusBox = document.getElementById("status");
  var countBox = document.getElementById("count");
  var tip = document.getElementById("tip");
  var spans = Array.prototype.slice.call(document.querySelectorAll("#letter .s"));
  var LABEL = { strength: "Strength", weakness: "Weakness", mixed: "Mixed", neutral: "Neutral" };
  var SYMBOL = { strength: "+", weakness: "\u2212", mixed: "\u00b1", neutral: "\u00b7" };
  var CONNECTIVE = /^(?:however|but|although|also|furthermore|moreover|in addition|nevertheless|nonetheless|in contrast|conversely|equally|similarly|additionally),?\s+/i;
  var state;
  var uses = {}; // sentence index -> [{role, id}] for the current draft

  // ------------------------------------------------------------ the templates (as compose's)

  function upperFirst(t) { return t.charAt(0).toUpperCase() + t.slice(1); }

  function dropConnective(t) { return CONNECTIVE.test(t) ? upperFirst(t.replace(CONNECTIVE, "")) : t; }

  function lowerFirst(t) {
    var first = (t.split(" ")[0] || "").replace(/[^\p{L}\p{N}_]+$/u, "");
    if (!first || proper.has(first) || first === "I" ||
        (first.length > 1 && first.slice(0, 2) === first.slice(0, 2).toUpperCase() &&
         first.slice(0, 2) !== first.slice(0, 2).toLowerCase())) {
      return t;
    }
    return t.charAt(0).toLowerCase() + t.slice(1);
  }

  function stop(t) { return t.trim().replace(/[.!?]+$/, ""); }

  function withStop(t) { return /[.?!]$/.test(t.replace(/\s+$/, "")) ? t : t.replace(/\s+$/, "") + "."; }

  function howeverText(sids) {
    var texts = sids.map(function (i) { return S[i].text; });
    var first = texts[0];
    if (!/^however\b/i.test(first)) { first = "However, " + lowerFirst(dropConnective(first)); }
    var rest = texts.slice(1).map(function (t) { return upperFirst(dropConnective(t)); });
    return [first].concat(rest).map(withStop).join(" ");
  }

  function quoteText(i) { return "\"" + stop(S[i].text) + ",\" " + style.quote_attribution + "."; }

  function words(t) { return t.split(/\s+/).filter(function (w) { return /[\p{L}\p{N}]/u.test(w); }).length; }

  // ------------------------------------------------------------ the draft's state

  function initialState() {
    var q = D.paragraphs.findIndex(function (p) { return p.role === "quote"; });
    var h = D.however[0];
    return {
      findings: D.findings.map(function (f) { return { text: f.text, sids: f.sids.slice() }; }),
      however: h ? { text: h.text, sids: h.sids.slice(), edited: false } : { text: "", sids: [], edited: false },
      quote: q >= 0 ? { text: D.paragraphs[q].text, sids: D.paragraphs[q].sids.slice(), edited: false } : null
    };
  }

  // Where a quote goes when cf's draft had none: after the context paragraph and any
  // paragraph built from the document's details (the grades), before the rest.
  function quoteSlot() {
    var at = D.paragraphs.length ? 1 : 0;
    while (at < D.paragraphs.length && !D.paragraphs[at].sids.length) { at += 1; }
    return at;
  }

  /* The draft in story order: {kind, role, text, sids, id, editable}. */
  function parts() {
    var out = [];
    function add(kind, role, text, sids, id, extra) {
      if (!text) { return; }
      var p = { kind: kind, role: role, text: text, sids: sids || [], id: id };
      Object.assign(p, extra || {});
      out.push(p);
    }
    add("headline", "headline", D.headline.text, D.headline.sids, "d-headline");
    add("paragraph", "lead", D.lead.text, D.lead.sids, "d-lead");
    var hadQuote = D.paragraphs.some(function (p) { return p.role === "quote"; });
    var slot = quoteSlot();
    D.paragraphs.forEach(function (p, k) {
      if (!hadQuote && k === slot) { addQuote(); }
      if (p.role === "quote") { addQuote(); return; }
      add("paragraph", k === 0 ? "context" : "paragraph", p.text, p.sids, "d-p" + k);
    });
    if (!hadQuote && slot >= D.paragraphs.length) { addQuote(); }
    if (state.findings.length) { add("intro", "intro", D.intro, [], "d-intro"); }
    state.findings.forEach(function (f, k) {
      add("finding", "finding", f.text, f.sids, "d-f" + k, { n: k + 1, editable: true });
    });
    var h = state.however;
    if (h.sids.length || (!h.edited && h.text)) {
      add("paragraph", "however", h.edited ? howeverText(h.sids) : h.text, h.sids, "d-however", { editable: true });
    }
    D.however.slice(1).forEach(function (p, k) { add("paragraph", "however", p.text, p.sids, "d-however" + (k + 2)); });
    add("paragraph", "recommendations", D.recommendation.text, D.recommendation.sids, "d-recommendations");
    if (D.closing) { add("paragraph", "closing", D.closing.text, D.closing.sids, "d-closing"); }
    add("link", "link", D.link, [], "d-link");
    return out;

    function addQuote() {
      var q = state.quote;
      if (q) { add("paragraph", "quote", q.edited ? quoteText(q.sids[0]) : q.text, q.sids, "d-quote", { editable: true }); }
    }
  }

  // The same shape as compose's plain text: paragraphs apart, the list under its intro.
  function draftText(ps) {
    var blocks = [];
    var prev = null;
    ps.forEach(function (p) {
      if (p.kind === "finding" && (prev === "finding" || prev === "intro")) {
        blocks[blocks.length - 1] += (prev === "intro" ? "\n\n- " : "\n- ") + p.text;
      } else {
        blocks.push(p.kind === "finding" ? "- " + p.text : p.text);
      }
      prev = p.kind;
    });
    return blocks.join("\n\n") + "\n";
  }

  function escapeHtml(t) { return t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }

  // The same fragment as `cf summarise --format html`: h2, p, ul/li, all text escaped.
  function draftHtml(ps) {
    var out = [];
    var inList = false;
    ps.forEach(function (p) {
      if (p.kind === "finding") {
        if (!inList) { out.push("<ul>"); inList = true; }
        out.push("  <li>" + escapeHtml(p.text) + "</li>");
        return;
      }
      if (inList) { out.push("</ul>"); inList = false; }
      out.push(p.kind === "headline" ? "<h2>" + escapeHtml(p.text) + "</h2>" : "<p>" + escapeHtml(p.text) + "</p>");
    });
    if (inList) { out.push("</ul>"); }
    return out.join("\n") + "\n";
  }

  // ------------------------------------------------------------ drawing

  var ROLE_NAME = {
    headline: "headline", lead: "lead", context: "context", paragraph: "overview paragraph",
    quote: "quote", finding: "finding", however: "However, paragraph",
    recommendations: "recommendations", closing: "closing quote"
  };

  function roleName(p) { return p.role === "finding" ? "finding " + p.n : ROLE_NAME[p.role] || p.role; }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function body(p) {
    if (!p.sids.length) { return document.createTextNode(p.text); }
    var a = el("a", { href: "#s" + p.sids[0], "class": "jump", "data-sids": p.sids.join(",") }, p.text);
    a.title = "Show in the letter";
    return a;
  }

  function removeButton(p) {
    var b = el("button", { type: "button", "class": "remove", "data-role": p.role, "data-n": p.n || 0 }, "Remove");
    b.setAttribute("aria-label", "Remove the " + roleName(p) + ": " + p.text.slice(0, 60));
    return b;
  }

  function draw() {
    var ps = parts();
    uses = {};
    ps.forEach(function (p) {
      p.sids.forEach(function (i) { (uses[i] = uses[i] || []).push({ role: roleName(p), id: p.id, editable: !!p.editable }); });
    });
    var frag = document.createDocumentFragment();
    var list = null;
    ps.forEach(function (p) {
      if (p.kind === "finding") {
        if (!list) { list = el("ul", { "class": "findings" }); frag.appendChild(list); }
        var label = (S[p.sids[0]] || {}).label || "strength";
        var li = el("li", { id: p.id, tabindex: "-1", "class": "lab-" + label });
        var mark = el("span", { "class": "mark", title: LABEL[label] }, SYMBOL[label]);
        mark.setAttribute("aria-label", LABEL[label] + ":");
        li.appendChild(mark);
        li.appendChild(body(p));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(removeButton(p));
        list.appendChild(li);
        return;
      }
      list = null;
      var tag = p.kind === "headline" ? "h3" : "p";
      var node = el(tag, { id: p.id, tabindex: "-1", "class": "part part-" + p.role });
      node.appendChild(body(p));
      if (p.editable) { node.appendChild(document.createTextNode(" ")); node.appendChild(removeButton(p)); }
      frag.appendChild(node);
    });
    story.textContent = "";
    story.appendChild(frag);
    markLetter();
    var n = words(draftText(ps));
    var f = state.findings.length;
    var notes = [];
    if (n > style.word_budget) { notes.push("over the " + style.word_budget + "-word budget"); }
    if (f < style.min_bullets || f > style.max_bullets) {
      notes.push("the house style has " + style.min_bullets + " to " + style.max_bullets + " findings");
    }
    countBox.textContent = n + " words, " + f + (f === 1 ? " finding" : " findings") +
      (notes.length ? " (" + notes.join("; ") + ")" : "");
    countBox.classList.toggle("over", notes.length > 0);
  }

  function markLetter() {
    Array.prototype.forEach.call(document.querySelectorAll("#letter .used"), function (b) { b.remove(); });
    spans.forEach(function (span) {
      var i = Number(span.dataset.i);
      var u = uses[i];
      span.classList.toggle("in-draft", !!u);
      if (!u) { return; }
      var after = span;
      u.forEach(function (use) {
        var a = el("a", { href: "#" + use.id, "class": "used" }, "draft: " + use.role);
        a.setAttribute("aria-label", "In the draft: " + use.role);
        after.after(a);
        after = a;
      });
    });
  }

  // ------------------------------------------------------------ editing

  // A sentence the writer cannot move (the lead, the context): adding it again would repeat it.
  function fixedUse(i) {
    var fixed = (uses[i] || []).filter(function (u) { return !u.editable; });
    return fixed.length ? fixed[0].role : null;
  }

  function detach(i) {
    state.findings = state.findings.filter(function (f) { return f.sids.indexOf(i) < 0; });
    var h = state.however;
    if (h.sids.indexOf(i) >= 0) { h.sids = h.sids.filter(function (x) { return x !== i; }); h.edited = true; }
    if (state.quote && state.quote.sids.indexOf(i) >= 0) { state.quote = null; }
  }

  function short(i) {
    var t = S[i].text;
    return "\u201c" + (t.length > 70 ? t.slice(0, 67) + "\u2026" : t) + "\u201d";
  }

  function toggleFinding(i) {
    var at = state.findings.findIndex(function (f) { return f.sids.indexOf(i) >= 0; });
    if (at >= 0) {
      state.findings.splice(at, 1);
      return "Removed from the findings: " + short(i);
    }
    var fixed = fixedUse(i);
    if (fixed) { return "Already in the draft (the " + fixed + "): " + short(i); }
    detach(i);
    var pos = state.findings.findIndex(function (f) { return f.sids[0] > i; }); // the letter's order
    state.findings.splice(pos < 0 ? state.findings.length : pos, 0, { text: S[i].text, sids: [i] });
    return "Added to the findings: " + short(i);
  }

  function setHowever(i) {
    var h = state.however;
    if (h.sids.indexOf(i) >= 0) {
      h.sids = h.sids.filter(function (x) { return x !== i; });
      h.edited = true;
      return "Removed from the However, paragraph: " + short(i);
    }
    var fixed = fixedUse(i);
    if (fixed) { return "Already in the draft (the " + fixed + "): " + short(i); }
    detach(i);
    h.sids = [i].concat(h.sids.slice(1));
    h.edited = true;
    return "The However, paragraph now opens with " + short(i);
  }

  function setQuote(i) {
    if (state.quote && state.quote.sids.indexOf(i) >= 0) {
      state.quote = null;
      return "Removed the quote: " + short(i);
    }
    var fixed = fixedUse(i);
    if (fixed) { return "Already in the draft (the " + fixed + "): " + short(i); }
    detach(i);
    state.quote = { text: "", sids: [i], edited: true };
    return "The quote is now " + short(i);
  }

  function mode() {
    var checked = document.querySelector("input[name=mode]:checked");
    return checked ? checked.value : "finding";
  }

  function act(i) {
    var m = mode();
    var message = m === "however" ? setHowever(i) : m === "quote" ? setQuote(i) : toggleFinding(i);
    draw();
    say(message);
    if (!tip.hidden) { showTip(spans[i]); }
  }

  function removePart(button) {
    var role = button.dataset.role;
    if (role === "finding") {
      state.findings.splice(Number(button.dataset.n) - 1, 1);
      say("Removed a finding.");
    } else if (role === "however") {
      state.however = { text: "", sids: [], edited: true };
      say("Removed the However, paragraph.");
    } else if (role === "quote") {
      state.quote = null;
      say("Removed the quote.");
    }
    draw();
    document.getElementById("draft-title").focus();
  }

  var sayTimer = null;
  function say(message) {
    statusBox.textContent = message;
    clearTimeout(sayTimer);
    sayTimer = setTimeout(function () { statusBox.textContent = ""; }, 8000);
  }

  // ------------------------------------------------------------ moving between draft and letter

  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function flash(nodes) {
    nodes.forEach(function (n) {
      n.classList.remove("flash");
      void n.offsetWidth; // restart the animation
      n.classList.add("flash");
    });
  }

  function goTo(node, others) {
    if (!node) { return; }
    node.scrollIntoView({ block: "center", behavior: reduced ? "auto" : "smooth" });
    node.focus({ preventScroll: true });
    flash(others || [node]);
  }

  // ------------------------------------------------------------ score and cues on hover and focus

  function describe(i) {
    var s = S[i];
    var label = LABEL[s.label] || "Neutral";
    if (s.label === "mixed" && s.lean) { label += ", leaning " + s.lean; }
    var score = (s.score > 0 ? "+" : s.score < 0 ? "\u2212" : "") + Math.abs(s.score || 0).toFixed(2);
    var lines = [
      (SYMBOL[s.label] || "") + " " + label + " \u00b7 score " + score + (s.page != null ? " \u00b7 page " + s.page : ""),
      s.cues && s.cues.length ? "Cues: " + s.cues.join(", ") : "No cues",
      uses[i] ? "In the draft: " + uses[i].map(function (u) { return u.role; }).join(", ") : "Not in the draft"
    ];
    var m = mode();
    lines.push("Click or press Enter: " + (m === "however" ? "make it the However, sentence" :
      m === "quote" ? "make it the quote" : "add it to or remove it from the findings"));
    return lines;
  }

  function showTip(span) {
    var i = Number(span.dataset.i);
    tip.textContent = "";
    describe(i).forEach(function (line, k) { tip.appendChild(el(k ? "span" : "strong", {}, line)); });
    tip.hidden = false;
    span.setAttribute("aria-describedby", "tip");
    var r = span.getClientRects()[0] || span.getBoundingClientRect();
    var box = span.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    var below = box.bottom + 6;
    var top = below + tip.offsetHeight > window.innerHeight && box.top - tip.offsetHeight - 6 > 0
      ? box.top - tip.offsetHeight - 6 : below;
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function hideTip(span) {
    tip.hidden = true;
    if (span) { span.removeAttribute("aria-describedby"); }
  }

  // ------------------------------------------------------------ the clipboard

  function copy(kind) {
    var ps = parts();
    var text = kind === "html" ? draftHtml(ps) : draftText(ps);
    var done = function () { say(kind === "html" ? "Copied the draft as HTML." : "Copied the draft as text (" + words(text) + " words)."); };
    var fallback = function () {
      // An older browser, or a clipboard the page may not write: the copy event still can.
      var handler = function (e) {
        e.clipboardData.setData("text/plain", text);
        if (kind === "html") { e.clipboardData.setData("text/html", text); }
        e.preventDefault();
      };
      document.addEventListener("copy", handler);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.removeEventListener("copy", handler);
      if (ok) { done(); } else { say("The browser would not let the page use the clipboard: select the draft and copy it."); }
    };
    if (!navigator.clipboard || !window.isSecureContext) { fallback(); return; }
    var write = kind === "html" && window.ClipboardItem
      ? navigator.clipboard.write([new ClipboardItem({
          "text/html": new Blob([text], { type: "text/html" }),
          "text/plain": new Blob([text], { type: "text/plain" })
        })])
      : navigator.clipboard.writeText(text);
    write.then(done, fallback);
  }

  // ------------------------------------------------------------ wiring

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) { return; }
    var sentence = t.closest("#letter .s");
    if (sentence) {
      // Selecting words to copy them is not a pick.
      if (!String(window.getSelection ? window.getSelection() : "")) { act(Number(sentence.dataset.i)); }
      return;
    }
    var jump = t.closest("a.jump");
    if (jump) {
      e.preventDefault();
      var nodes = jump.dataset.sids.split(",").map(function (i) { return spans[Number(i)]; });
      goTo(nodes[0], nodes);
      return;
    }
    var used = t.closest("a.used");
    if (used) {
      e.preventDefault();
      goTo(document.getElementById(used.getAttribute("href").slice(1)));
      return;
    }
    var remove = t.closest("button.remove");
    if (remove) { removePart(remove); return; }
    if (t.id === "copy-text") { copy("text"); }
    if (t.id === "copy-html") { copy("html"); }
    if (t.id === "reset") { state = initialState(); draw(); say("Back to cf's draft."); }
  });

  var letter = document.getElementById("letter");
  letter.addEventListener("keydown", function (e) {
    var sentence = e.target.closest && e.target.closest(".s");
    if (e.key === "Escape") { hideTip(sentence); return; }
    if (sentence && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      act(Number(sentence.dataset.i));
    }
  });
  letter.addEventListener("focusin", function (e) { if (e.target.classList.contains("s")) { showTip(e.target); } });
  letter.addEventListener("focusout", function (e) { if (e.target.classList.contains("s")) { hideTip(e.target); } });
  letter.addEventListener("mouseover", function (e) {
    var s = e.target.closest(".s");
    if (s) { showTip(s); }
  });
  letter.addEventListener("mouseout", function (e) {
    var s = e.target.closest(".s");
    if (s && !s.contains(e.relatedTarget) && document.activeElement !== s) { hideTip(s); }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hideTip(document.activeElement); } });

  state = initialState();
  draw();
  document.documentElement.classList.add("js");
})();
