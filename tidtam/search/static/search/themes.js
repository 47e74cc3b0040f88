/* Tidtam themes: one horizontal bar chart per page, from the JSON embedded next to it.
 * The page works without this script: the table under the chart holds the same numbers. */
(function () {
  "use strict";

  var FONT = "Sarabun, 'Noto Sans Thai', Tahoma, sans-serif";
  var COLORS = ["#123f73", "#2e9e6a"];
  var numberFormat = new Intl.NumberFormat("th-TH");

  function option(data, width) {
    return {
      color: COLORS,
      textStyle: { fontFamily: FONT },
      legend: { top: 0 },
      grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: numberFormat.format },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.categories,
        axisLabel: { width: width < 480 ? 110 : 240, overflow: "truncate", interval: 0 },
      },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, label: { show: true, position: "right" } };
      }),
    };
  }

  function init() {
    var charts = [];
    document.querySelectorAll(".theme-chart[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source || !window.echarts) return;
      var data = JSON.parse(source.textContent);
      el.style.height = Math.max(200, data.categories.length * 44 + 56) + "px";
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option(data, el.clientWidth));
      charts.push(chart);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
