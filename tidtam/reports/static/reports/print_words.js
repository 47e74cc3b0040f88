/* Thai words of the printed report (reports/print.html): the page arrives with each Thai word in an
   unbreakable <span class="w"> and a <wbr> between words (exporters/thai_breaks.py). Chromium's own
   dictionary (ICU, also behind Intl.Segmenter) already agrees with most of them, and every span is a
   text node, a tagged-PDF element and layout work: printing the seed round took four times longer
   with them all. So a span is kept only where Chromium would break inside the word, and a <wbr> only
   where it would not break between the two words; the text and the allowed breaks stay the same. */
(function () {
  "use strict";
  if (typeof Intl === "undefined" || !Intl.Segmenter) { return; }
  var segmenter = new Intl.Segmenter("th", {granularity: "word"});

  function simplify(block) {
    // The block's text, where each span starts and ends, where each <wbr> stands.
    var text = "", spans = [], breaks = [];
    block.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        text += node.data;
      } else if (node.nodeName === "WBR") {
        breaks.push({node: node, at: text.length});
      } else {
        if (node.nodeName === "SPAN" && node.className === "w") {
          spans.push({node: node, start: text.length, end: text.length + node.textContent.length});
        }
        text += node.textContent;
      }
    });
    if (!spans.length) { return; }
    var icu = new Set();
    for (var piece of segmenter.segment(text)) { icu.add(piece.index); }
    spans.forEach(function (span) {
      for (var i = span.start + 1; i < span.end; i++) {
        if (icu.has(i)) { return; }  // Chromium would break inside: the span stays
      }
      span.node.replaceWith(span.node.textContent);
    });
    breaks.forEach(function (wbr) {
      if (icu.has(wbr.at)) { wbr.node.remove(); }  // Chromium breaks there anyway
    });
    block.normalize();
  }

  var blocks = new Set();
  document.querySelectorAll("span.w").forEach(function (span) { blocks.add(span.parentNode); });
  blocks.forEach(simplify);
})();
