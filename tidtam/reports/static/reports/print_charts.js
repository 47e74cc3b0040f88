/* The charts of the printed report (reports/print.html, opened from a file by Chromium to make the PDF):
   each chart drawn as SVG once the Thai font is in, so that labels are measured with it. */
document.fonts.ready.then(function () {
  "use strict";
  JSON.parse(document.getElementById("chart-data").textContent).forEach(function (spec) {
    var chart = echarts.init(null, null, {renderer: "svg", ssr: true, width: spec.width, height: spec.height});
    chart.setOption(spec.option);
    document.getElementById(spec.id).innerHTML = chart.renderToSVGString();
    chart.dispose();
  });
});
