/* The charts of the printed report (reports/print.html, opened from a file by Chromium to make the PDF):
   each chart drawn as SVG once the Thai font is in, so that labels are measured with it; the printer
   waits for window.tidtamReady. With Thai digits the value axis shows them too. */
(function () {
  "use strict";
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  function thaiDigits(value) {
    return String(value).replace(/[0-9]/g, function (d) { return THAI_DIGITS[+d]; });
  }
  window.tidtamReady = document.fonts.ready.then(function () {
    JSON.parse(document.getElementById("chart-data").textContent).forEach(function (spec) {
      var chart = echarts.init(null, null, {renderer: "svg", ssr: true, width: spec.width, height: spec.height});
      if (spec.thaiDigits) {
        spec.option.yAxis.axisLabel = {formatter: function (v) { return thaiDigits(v.toLocaleString("en-US")); }};
      }
      chart.setOption(spec.option);
      document.getElementById(spec.id).innerHTML = chart.renderToSVGString();
      chart.dispose();
    });
  });
})();
