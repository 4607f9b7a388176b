// journeysim report: draws the page from the data the library put in
// <script id="data">. Everything is inline; nothing is fetched.
(function () {
  "use strict";
  // An error anywhere marks the page, so that the browser test sees it in the DOM.
  window.addEventListener("error", function (e) {
    document.documentElement.setAttribute("data-error", String(e.message));
  });
  // The page's Content-Security-Policy lets it load nothing; an attempt is an error too.
  document.addEventListener("securitypolicyviolation", function (e) {
    document.documentElement.setAttribute("data-error", "tried to load " + e.blockedURI);
  });
  var data = JSON.parse(document.getElementById("data").textContent);
  var root = document.getElementById("report");
  // Okabe-Ito: told apart with any common colour-vision deficiency.
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  // Numbers for people: separators, no false precision.
  function fmt(v, unit) {
    if (v === null || v === undefined) return "–";
    if (unit === "fraction") return (100 * v).toFixed(Math.abs(v) < 0.1 ? 2 : 1) + "%";
    var digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
    return v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }
  function range(i, unit) {
    if (!i || i.low === null || i.n < 2) return "one replication: no interval";
    if (i.low === i.high) return "the same in all " + i.n + " replications";
    return "95% CI " + fmt(i.low, unit) + " – " + fmt(i.high, unit) + " (" + i.n + " replications)";
  }
  var labels = {
    customers: "Customers", conversion_rate: "Conversion rate", revenue: "Revenue", cost: "Cost",
    profit: "Profit", mean_days_to_convert: "Days to convert"
  };

  function tile(t) {
    return el("div", { "class": "tile", title: t.meaning, tabindex: "0" }, [
      el("div", { "class": "label" }, [labels[t.name] || t.name]),
      el("div", { "class": "value" }, [fmt(t.value.mean, t.unit)]),
      el("div", { "class": "ci" }, [range(t.value, t.unit)])
    ]);
  }

  function chart(id, option) {
    var box = el("div", { "class": "chart", id: id, role: "img", "aria-label": option.title ? option.title.text : id });
    root.appendChild(box);
    var c = echarts.init(box, null, { renderer: "svg" });
    option.color = palette;
    option.animation = false;  // a printed page or a screenshot shows the final chart
    c.setOption(option);
    // What the chart draws, for the browser test: a chart of nothing is a defect.
    var points = 0;
    option.series.forEach(function (s) {
      (s.data || []).forEach(function (d) {
        var v = d !== null && typeof d === "object" ? d.value : d;
        if (v !== null && v !== undefined && isFinite(v)) points++;
      });
    });
    box.setAttribute("data-points", String(points));
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }

  function byName(name) {
    return data.tiles.filter(function (t) { return t.name === name; })[0];
  }

  // The plain-language paragraph at the top.
  function summary() {
    var conv = byName("conversion_rate"), cust = byName("customers"), profit = byName("profit");
    var text = "Of " + fmt(cust.value.mean) + " customers over " + fmt(data.horizon_days) + " days, " +
      fmt(conv.value.mean, "fraction") + " converted";
    if (conv.value.n > 1 && conv.value.low !== null)
      text += " (95% CI " + fmt(conv.value.low, "fraction") + "–" + fmt(conv.value.high, "fraction") + ")";
    text += ", for a profit of " + fmt(profit.value.mean) + ".";
    var worst = data.funnel.slice().sort(function (a, b) { return b.lost.mean - a.lost.mean; })[0];
    var lostAll = data.funnel.reduce(function (s, f) { return s + (f.lost.mean || 0); }, 0);
    if (worst && lostAll > 0)
      text += " Most customers were lost at " + worst.title + ": " + fmt(worst.lost.mean) + " (" +
        fmt(worst.lost.mean / lostAll, "fraction") + " of losses).";
    return text;
  }


  // Error bars (95% CI) over a category axis: ECharts draws them with a custom series.
  function errorBars(rows) {
    return {
      type: "custom", z: 10, silent: true,
      renderItem: function (params, api) {
        var lo = api.coord([api.value(0), api.value(1)]), hi = api.coord([api.value(0), api.value(2)]);
        var w = api.size([1, 0])[0] * 0.12, style = { stroke: "#000", lineWidth: 1.5 };
        return { type: "group", children: [
          { type: "line", shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: style },
          { type: "line", shape: { x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1] }, style: style },
          { type: "line", shape: { x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1] }, style: style }] };
      },
      data: rows.filter(function (r) { return r[1] !== null && r[2] !== null; })
    };
  }

  function drawCompare() {
    var arms = data.arms, variants = arms.slice(1);
    function m(a, name) { return a.metrics[name] || {}; }
    var points = function (v) { return v === null || v === undefined ? "–" : (v >= 0 ? "+" : "") + (100 * v).toFixed(2) + " points"; };
    // The paragraph: the variant that lifts conversion most, and what it is worth.
    var best = variants.slice().sort(function (a, b) {
      return (m(b, "conversion_rate").diff || 0) - (m(a, "conversion_rate").diff || 0); })[0];
    var text = "The baseline converts " + fmt(m(arms[0], "conversion_rate").mean, "fraction") + " of " +
      fmt(m(arms[0], "customers").mean) + " customers over " + fmt(data.horizon_days) + " days.";
    if (best) {
      var c = m(best, "conversion_rate"), p = m(best, "profit");
      text += " " + best.title + " changes conversion by " + points(c.diff).replace(" points", " percentage points");
      if (c.diff_low !== null) text += " (95% CI " + points(c.diff_low).replace(" points", "") + " to " + points(c.diff_high).replace(" points", "") + ")";
      text += c.significant ? "" : ", not distinguishable from no change";
      text += ", and profit by " + fmt(p.diff) + (best.fixed_cost ? " for a fixed cost of " + fmt(best.fixed_cost) : "") + ".";
    }
    root.appendChild(el("p", { "class": "summary" }, [text]));

    // The arms side by side.
    var head = ["Arm", "Conversion", "vs baseline", "Profit", "vs baseline", "Fixed cost", "ROI", "Payback"];
    var rows = arms.map(function (a, i) {
      var c = m(a, "conversion_rate"), p = m(a, "profit"), roi = m(a, "roi"), pay = m(a, "payback_days");
      return [a.title, fmt(c.mean, "fraction"), i ? points(c.diff) + (c.significant ? " *" : "") : "",
              fmt(p.mean), i ? (p.diff >= 0 ? "+" : "") + fmt(p.diff) + (p.significant ? " *" : "") : "",
              i ? fmt(a.fixed_cost) : "", i && roi.mean !== undefined ? fmt(roi.mean, "fraction") : "",
              i && pay.mean !== undefined && pay.mean !== null ? fmt(pay.mean) + " days" : ""];
    });
    root.appendChild(el("table", { "class": "arms" }, [
      el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col" }, [h]); }))]),
      el("tbody", {}, rows.map(function (r) { return el("tr", {}, r.map(function (v) { return el("td", {}, [v]); })); }))]));
    root.appendChild(el("p", { "class": "sub" }, ["* the 95% interval of the difference excludes 0 (paired: the arms share their random numbers)."]));

    root.appendChild(el("h2", {}, ["Conversion by arm"]));
    chart("conversion", {
      title: { text: "Conversion rate with its 95% CI", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v, "fraction"); } },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: arms.map(function (a) { return a.title; }), axisLabel: { interval: 0, width: 140, overflow: "break", lineHeight: 14 } },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v, "fraction"); } }, scale: true },
      // Points, not bars: the axis does not start at 0, and a bar would exaggerate the differences.
      series: [{ type: "scatter", symbolSize: 14, data: arms.map(function (a) { return m(a, "conversion_rate").mean; }),
                 itemStyle: { color: "#0072B2" } },
               errorBars(arms.map(function (a, i) { return [i, m(a, "conversion_rate").low, m(a, "conversion_rate").high]; }))]
    });

    root.appendChild(el("h2", {}, ["Lift against the baseline"]));
    chart("lift", {
      title: { text: "Change in conversion (percentage points), paired 95% CI; orange: significant", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return points(v); } },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: variants.map(function (a) { return a.title; }), axisLabel: { interval: 0, width: 140, overflow: "break", lineHeight: 14 } },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return (100 * v).toFixed(1); } } },
      series: [{ type: "bar", data: variants.map(function (a) {
                   var c = m(a, "conversion_rate");
                   return { value: c.diff, itemStyle: { color: c.significant ? "#E69F00" : "#BBBBBB" } }; }) },
               errorBars(variants.map(function (a, i) { return [i, m(a, "conversion_rate").diff_low, m(a, "conversion_rate").diff_high]; }))]
    });

    root.appendChild(el("h2", {}, ["Funnels, arm by arm"]));
    chart("funnels", {
      title: { text: "Customers reaching each stage (mean over replications)", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
      legend: { bottom: 0 },
      grid: { left: 80, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: data.stages.map(function (s) { return s.title; }) },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
      series: arms.map(function (a, i) {
        return { type: "line", name: a.title, data: data.funnels[i], symbolSize: 8, lineStyle: { width: i ? 2 : 3 } }; })
    });

    root.appendChild(el("h2", {}, ["Drop-off by stage"]));
    chart("dropoff", {
      title: { text: "Share of those reaching a stage who are lost there; where an intervention acts, its bar moves", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v, "fraction"); } },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: data.stages.map(function (s) { return s.title; }) },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v, "fraction"); } } },
      series: arms.map(function (a) {
        return { type: "bar", name: a.title, data: data.stages.map(function (s) { return m(a, "drop_off." + s.id).mean; }) }; })
    });
  }

  root.appendChild(el("h1", {}, [data.title]));
  root.appendChild(el("p", { "class": "sub" }, [
    "journeysim " + data.command + " · " + data.replications + " replication" + (data.replications === 1 ? "" : "s") +
    " · seed " + data.seed + (data.set ? " · --set " + data.set.split("\n").join(" ") : "") +
    (data.variant && data.variant !== "baseline" ? " · arm " + data.variant : "")
  ]));
  if (data.command === "compare") {
    drawCompare();
  } else {
  root.appendChild(el("p", { "class": "summary" }, [summary()]));
  root.appendChild(el("div", { "class": "tiles" }, data.tiles.map(tile)));

  root.appendChild(el("h2", {}, ["Funnel"]));
  chart("funnel", {
    title: { text: "Customers reaching each stage (mean over replications)", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "item", valueFormatter: function (v) { return fmt(v); } },
    series: [{
      type: "funnel", top: 40, bottom: 10, left: "10%", width: "80%", sort: "none", minSize: "2%",
      label: { show: true, position: "inside", lineHeight: 18,
               formatter: function (p) { return p.name + "\n" + fmt(p.value); } },
      data: data.funnel.map(function (f) { return { name: f.title, value: f.reached.mean }; })
    }]
  });

  root.appendChild(el("h2", {}, ["Where customers are lost"]));
  chart("lost", {
    title: { text: "Customers lost at each stage (mean over replications)", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
    grid: { left: 160, right: 40, top: 40, bottom: 30 },
    xAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
    yAxis: { type: "category", inverse: true, data: data.funnel.map(function (f) { return f.title; }) },
    series: [{ type: "bar", data: data.funnel.map(function (f) { return f.lost.mean; }),
               label: { show: true, position: "right", formatter: function (p) { return fmt(p.value); } } }]
  });

  }
  root.appendChild(el("h2", {}, ["How this was made"]));
  root.appendChild(el("table", { "class": "meta" }, [
    ["Results file", data.file], ["Engine", "journeysim " + data.engine_version], ["Written", data.created_utc],
    ["Seed", String(data.seed)], ["Replications", String(data.replications)], ["--set", data.set || "none"],
    ["To reproduce", "save the effective scenario below as effective.toml and run: journeysim " + data.command + " effective.toml"]
  ].map(function (row) { return el("tr", {}, [el("td", {}, [row[0]]), el("td", {}, [row[1]])]); })));
  root.appendChild(el("details", {}, [el("summary", {}, ["Effective scenario (every default filled in)"]),
                                      el("pre", {}, [data.effective])]));
  root.appendChild(el("details", {}, [el("summary", {}, ["Scenario file as written"]), el("pre", {}, [data.source])]));
  root.appendChild(el("footer", {}, ["Made by journeysim " + data.engine_version +
    ". Charts: Apache ECharts (Apache-2.0), inside this file: it opens offline."]));
  document.documentElement.setAttribute("data-rendered", "yes");
})();
