// Dashboard charts: data from the page's json_script, drawn with the vendored ECharts.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var monthly = document.getElementById("chart-monthly");
    if (monthly) {
      var chart = window.echarts.init(monthly, null, { renderer: "canvas" });
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        grid: { top: 40, left: 40, right: 16, bottom: 30 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", minInterval: 1 },
        series: data.monthly.map(function (s) {
          return { name: s.name, type: "bar", data: s.data };
        }),
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    var categories = document.getElementById("chart-categories");
    if (categories) {
      var pie = window.echarts.init(categories, null, { renderer: "canvas" });
      var count = Math.max(data.categories.length, 1);
      pie.setOption({
        tooltip: { trigger: "item" },
        title: data.categories.map(function (s, i) {
          return { text: s.name, left: ((i + 0.5) * 100) / count + "%", top: 0,
                   textAlign: "center", textStyle: { fontSize: 12 } };
        }),
        series: data.categories.map(function (s, i) {
          return { name: s.name, type: "pie", radius: ["25%", "50%"],
                   center: [((i + 0.5) * 100) / count + "%", "55%"], data: s.data };
        }),
      });
      window.addEventListener("resize", function () { pie.resize(); });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
