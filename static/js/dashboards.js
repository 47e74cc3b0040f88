/* Tidtam dashboards: draws ECharts charts from the JSON embedded next to each chart.
 * The page works without this script: every chart has its table and CSV download. */
(function () {
  "use strict";

  var FONT = "Sarabun, 'Noto Sans Thai', Tahoma, sans-serif";
  var COLORS = ["#123f73", "#0b6bcb", "#2e9e6a", "#d98e04", "#b8433a", "#6b4fbb", "#3aa3b8", "#7a8699"];
  var numberFormat = new Intl.NumberFormat("th-TH", { maximumFractionDigits: 2 });

  function format(value) {
    return value === null || value === undefined ? "-" : numberFormat.format(value);
  }

  function barOption(data, width) {
    var narrow = width < 480;
    return {
      color: COLORS,
      textStyle: { fontFamily: FONT },
      grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: format },
      xAxis: { type: "value", axisLabel: { formatter: format, hideOverlap: true } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.categories,
        axisLabel: { width: narrow ? 96 : 180, overflow: "truncate", interval: 0 },
      },
      series: data.series.map(function (s) {
        return {
          name: s.name,
          type: "bar",
          data: s.data,
          label: { show: true, position: "right", formatter: function (p) { return format(p.value); } },
        };
      }),
    };
  }

  // On a phone (390 px) long Thai series names would run off the canvas: the legend is one scrollable
  // line under the chart, each name shortened (the full name in its tooltip).
  function legendFor(width) {
    if (width >= 480) return { type: "scroll", top: 0 };
    return {
      type: "scroll",
      bottom: 0,
      left: 0,
      right: 0,
      pageIconSize: 12,
      textStyle: { width: Math.max(80, Math.floor(width / 2) - 48), overflow: "truncate" },
      tooltip: { show: true },
    };
  }

  function lineOption(data, width) {
    var narrow = width < 480;
    return {
      color: COLORS,
      textStyle: { fontFamily: FONT },
      legend: legendFor(width),
      grid: { left: 8, right: 16, top: narrow ? 16 : 40, bottom: narrow ? 48 : 24, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: format },
      xAxis: { type: "category", data: data.categories, axisLabel: { rotate: width < 480 ? 45 : 0 } },
      yAxis: { type: "value", axisLabel: { formatter: format } },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, symbolSize: 7 };
      }),
    };
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.echarts) return null;
    var data = JSON.parse(source.textContent);
    if (data.kind === "bar") {
      // One bar per row: give each row room instead of squeezing 77 provinces into a fixed box.
      el.style.height = Math.max(220, data.categories.length * 24 + 48) + "px";
    }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    var width = el.clientWidth;
    chart.setOption(data.kind === "bar" ? barOption(data, width) : lineOption(data, width));
    return chart;
  }

  function init() {
    var charts = [];
    document.querySelectorAll(".dash-chart[data-chart]").forEach(function (el) {
      var chart = draw(el);
      if (chart) charts.push(chart);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        charts.forEach(function (c) { c.resize(); });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
