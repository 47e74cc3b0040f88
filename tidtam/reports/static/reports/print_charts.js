/* The charts of the printed report (reports/print.html, opened from a file by Chromium to make the PDF):
   each chart drawn as SVG once the Thai font is in, so that labels are measured with it; the printer
   waits for window.tidtamReady. With Thai digits the value axis shows them too.
   window.tidtamChartSvgs(specs) gives the SVG of each chart ({id: svg}): the exporter calls it in the
   browser's first tab while the page is being written (exporters/pdf.py), and the page draws its
   charts itself only when it was not given them. */
(function () {
  "use strict";
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  function thaiDigits(value) {
    return String(value).replace(/[0-9]/g, function (d) { return THAI_DIGITS[+d]; });
  }
  window.tidtamChartSvgs = function (specs) {
    var svgs = {};
    specs.forEach(function (spec) {
      var chart = echarts.init(null, null, {renderer: "svg", ssr: true, width: spec.width, height: spec.height});
      if (spec.thaiDigits) {
        spec.option.yAxis.axisLabel = {formatter: function (v) { return thaiDigits(v.toLocaleString("en-US")); }};
      }
      chart.setOption(spec.option);
      svgs[spec.id] = chart.renderToSVGString();
      chart.dispose();
    });
    return svgs;
  };
  var data = document.getElementById("chart-data");
  if (!data) { return; }
  window.tidtamReady = document.fonts.ready.then(function () {
    var svgs = window.tidtamChartSvgs(JSON.parse(data.textContent));
    Object.keys(svgs).forEach(function (id) { document.getElementById(id).innerHTML = svgs[id]; });
  });
})();
