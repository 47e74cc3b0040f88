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
        chart.setOption(fitPhone(spec.option, el.clientWidth));
        charts.push(chart);
      });
    });
  }

  // On a phone (390 px) a plain legend of long Thai column names wraps over the bars: it becomes one
  // scrollable line, each name shortened (full name in its tooltip); agency names under the bars slant.
  function fitPhone(option, width) {
    if (width >= 480) { return option; }
    var out = Object.assign({}, option);
    out.legend = Object.assign({}, option.legend, {
      type: "scroll", bottom: 0, left: 0, right: 0, pageIconSize: 12,
      textStyle: {width: Math.max(80, Math.floor(width / 2) - 48), overflow: "truncate"},
      tooltip: {show: true}
    });
    var axis = option.xAxis || {};
    out.xAxis = Object.assign({}, axis, {
      axisLabel: Object.assign({}, axis.axisLabel, {rotate: 45, width: 72, overflow: "truncate"})
    });
    return out;
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
