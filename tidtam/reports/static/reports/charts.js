/* Draws the report charts (reports/_chart.html). Loads the vendored ECharts once, whatever the number
   of charts on the page, and draws again what htmx swaps in. The table above each chart carries the
   same numbers for screen readers and for printing. */
(function () {
  "use strict";
  if (window.TidtamCharts) { window.TidtamCharts.draw(); return; }
  var script = document.currentScript;
  var echartsUrl = script && script.getAttribute("data-echarts");
  var loading = false;
  var charts = [];

  function draw() {
    if (!window.echarts) { load(); return; }
    document.querySelectorAll("script[id^=\"report-chart-data-\"]:not([data-drawn])").forEach(function (data) {
      data.setAttribute("data-drawn", "1");
      JSON.parse(data.textContent).forEach(function (spec) {
        var el = document.getElementById(spec.id);
        if (!el) { return; }
        var chart = window.echarts.init(el, null, {renderer: "svg"});
        chart.setOption(spec.option);
        charts.push(chart);
      });
    });
  }

  function load() {
    if (loading || !echartsUrl) { return; }
    loading = true;
    var s = document.createElement("script");
    s.src = echartsUrl;
    s.onload = draw;
    document.head.appendChild(s);
  }

  window.TidtamCharts = {draw: draw};
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSettle", draw);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
