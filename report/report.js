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
  // Okabe-Ito's eight, then four of Paul Tol's: a ninth arm took the baseline's blue.
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
                 "#882255", "#999933", "#44AA99", "#AA4499"];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  // Numbers for people: separators, no false precision.
  function fmt(v, unit) {
    if (v === null || v === undefined) return "–";
    if (unit === "fraction") {
      var d = Math.abs(v) < 0.1 ? 2 : 1;
      return (100 * v).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) + "%";
    }
    if (unit === "days") return v.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    var digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
    return v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }
  function range(i, unit) {
    if (!i || i.mean === null) return "undefined in every replication";
    if (i.low === null || i.n < 2) return "one replication: no interval";
    if (i.low === i.high) return "the same in all " + i.n + " replications";
    return "95% CI " + fmt(i.low, unit) + " – " + fmt(i.high, unit) + " (" + i.n + " replications)";
  }
  // Names for people, from the library's one list of metrics.
  var labels = {};
  Object.keys(data.metrics).forEach(function (name) { labels[name] = data.metrics[name].label; });

  function tile(t) {
    return el("div", { "class": "tile", title: t.meaning, tabindex: "0" }, [
      el("div", { "class": "label" }, [labels[t.name] || t.name]),
      el("div", { "class": "value" }, [fmt(t.value.mean, t.unit)]),
      el("div", { "class": "ci" }, [t.name === "mean_days_to_convert" && t.value.mean === null ? "nobody converted" : range(t.value, t.unit)])
    ]);
  }

  // How many lines a legend of these names takes in `width` pixels, as ECharts lays it out
  // (12px text after a 25px icon, 10px apart, 5px padding each side).
  var measure = document.createElement("canvas").getContext("2d");
  function legendLines(names, width) {
    measure.font = "12px sans-serif";
    var lines = 1, used = 10;
    names.forEach(function (name) {
      var w = 25 + 5 + measure.measureText(String(name)).width;
      if (used > 10 && used + w > width) { lines++; used = 10; }
      used += w + 10;
    });
    return lines;
  }

  function chart(id, option, height) {
    var title = Array.isArray(option.title) ? option.title.map(function (t) { return t.text; }).join(", ") : option.title ? option.title.text : id;
    var box = el("div", { "class": "chart", id: id, role: "img", "aria-label": title });
    if (height) box.style.height = height + "px";
    root.appendChild(box);
    // A legend of many or long names wraps at the foot of the chart: room for each line past
    // the first, so that it does not sit on the axis labels (six arms' titles did).
    if (option.legend && option.legend.bottom === 0 && option.grid && !Array.isArray(option.grid)) {
      var names = option.series.map(function (s) { return s.name; }).filter(function (n) { return n; });
      var extra = 22 * (legendLines(names, box.clientWidth) - 1);
      if (extra > 0) {
        option.grid.bottom += extra;
        box.style.height = box.clientHeight + extra + "px";
      }
    }
    var c = echarts.init(box, null, { renderer: "svg" });
    option.color = option.color || palette;
    option.animation = false;  // a printed page or a screenshot shows the final chart
    c.setOption(option);
    // What the chart draws, for the browser test: a chart of nothing is a defect.
    var points = 0;
    option.series.forEach(function (s) {
      (s.links || s.data || []).forEach(function (d) {
        var v = d !== null && typeof d === "object" && !Array.isArray(d) ? d.value : d;
        if (Array.isArray(v)) v = v[v.length - 1];
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
      text += " More customers were lost at " + worst.title + " than at any other stage: " + fmt(worst.lost.mean) + " (" +
        fmt(worst.lost.mean / lostAll, "fraction") + " of losses).";
    return text;
  }


  // Error bars (95% CI) over a category axis: ECharts draws them with a custom series.
  // On a category axis the caps are a share of a category's width; on a value axis, 4 px.
  function errorBars(rows, onValueAxis) {
    return {
      type: "custom", z: 10, silent: true, clip: true,
      renderItem: function (params, api) {
        var lo = api.coord([api.value(0), api.value(1)]), hi = api.coord([api.value(0), api.value(2)]);
        // Grey among many points on a value axis, so the bars do not hide the points.
        var w = onValueAxis ? 4 : api.size([1, 0])[0] * 0.12, style = { stroke: onValueAxis ? "#777" : "#000", lineWidth: onValueAxis ? 1 : 1.5 };
        return { type: "group", children: [
          { type: "line", shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: style },
          { type: "line", shape: { x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1] }, style: style },
          { type: "line", shape: { x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1] }, style: style }] };
      },
      // Both ends are y values, so the axis spans the whole bar (not only its lower end).
      encode: { x: 0, y: [1, 2] },
      data: rows.filter(function (r) { return r[1] !== null && r[2] !== null; })
    };
  }

  function drawSweep() {
    var P = data.parameters, pts = data.points;
    // A parameter's value, in the text and on a log axis' ticks, to three significant digits:
    // fmt's two decimals made 0.103 read 0.1, 0.005 read 0.01 and 2e-5 read 0.
    function tick(v) { return Math.abs(v) >= 1000 ? fmt(v) : String(+v.toPrecision(3)); }
    function val(p, d) {
      var v = p.values[d];
      return P[d].boolean ? (v ? "true" : "false") : tick(v);
    }
    function metric(p, name) { return p.metrics[name]; }
    // A point whose every run failed has no mean (null): it is not ranked. A profit of 0 is.
    function finished(p) { var v = metric(p, "profit").mean; return v !== null && v !== undefined && isFinite(v); }
    var byProfit = pts.filter(finished).sort(function (a, b) { return metric(b, "profit").mean - metric(a, "profit").mean; });
    var best = byProfit[0], worst = byProfit[byProfit.length - 1];
    // A point that lost some of its runs to failures: its means are over the rest, as the console says.
    function ran(p) { return data.replications - (p.failed || 0); }
    function partly(p) { return finished(p) && ran(p) < data.replications; }
    function runsOf(p) { return ran(p) + " of " + data.replications + " runs"; }
    function ofRuns(p) { return partly(p) ? " (" + runsOf(p) + ")" : ""; }
    function at(p) { return P.map(function (q, d) { return q.path + " = " + val(p, d); }).join(", ") + ofRuns(p); }
    var design = { grid: "grid", lhs: "Latin hypercube", random: "random", sobol: "Sobol", morris: "Morris" }[data.design] || data.design;
    var text = "A " + design + " sweep of " + pts.length + " points × " + data.replications +
      " replication" + (data.replications === 1 ? "" : "s") + ".";
    var failed = pts.length - byProfit.length;
    if (best) {
      text += " The most profitable point, " + at(best) +
        ", converts " + fmt(metric(best, "conversion_rate").mean, "fraction") + " for a profit of " +
        fmt(metric(best, "profit").mean) + "; the least, " + at(worst) + ", " +
        fmt(metric(worst, "conversion_rate").mean, "fraction") + " for " + fmt(metric(worst, "profit").mean) + ".";
    }
    if (failed) {
      text += " " + (best ? failed + " point" + (failed === 1 ? "" : "s") + " had every run fail and " +
                            (failed === 1 ? "is" : "are") + " left out"
                          : "Every run failed, so there is nothing to chart") +
        " (the results file's /sweep/failures says why).";
    }
    var cut = pts.filter(partly);
    if (cut.length) {
      text += " Runs failed at " + (cut.length === 1 ? "1 point" : cut.length + " points") + " (" +
        cut.slice(0, 3).map(function (p) { return "p" + p.point + ": " + runsOf(p); }).join(", ") +
        (cut.length > 3 ? ", …" : "") + "); " + (cut.length === 1 ? "its" : "their") + " means are over the runs that finished.";
    }
    var sens = (data.sensitivity || []).filter(function (r) { return r.metric === "conversion_rate"; });
    if (sens.length) {
      var key = data.design === "sobol" ? "total" : "mu_star";
      // A failed point leaves the indices undefined (null): then no parameter is named.
      var known = sens.filter(function (r) { return r[key] !== null && r[key] !== undefined && isFinite(r[key]); });
      var top = known.sort(function (a, b) { return b[key] - a[key]; })[0];
      if (top) {
        text += " The parameter that moves conversion most is " + P[top.parameter].path +
          (data.design === "sobol" ? " (total effect " + fmt(top.total) + ")." : " (μ* " + fmt(100 * top.mu_star) + " percentage points).");
      } else {
        text += " The sensitivity indices cannot be worked out: they need every point of the design, and " +
          (failed ? failed + " point" + (failed === 1 ? " has" : "s have") + " no results." : "some points have no results.");
      }
    }
    root.appendChild(el("p", { "class": "summary" }, [text]));

    // Against each parameter: conversion (top panel) and profit (bottom panel), each point with
    // its 95% CI. Two panels, not two y axes on one: their gridlines and markers would mix.
    var withCI = data.replications > 1;
    (best ? P : []).forEach(function (q, d) {
      root.appendChild(el("h2", {}, [q.path]));
      var x = function (p) { return q.boolean ? (p.values[d] ? 1 : 0) : p.values[d]; };
      var xs = pts.map(x), lowX = Math.min.apply(null, xs), highX = Math.max.apply(null, xs);
      var logX = q.log && lowX > 0, ticks = logX ? logTicks(lowX, highX) : null;
      function xAxis(panel) {
        // A true/false parameter on two categories: a value axis from -0.5 put its ticks at
        // -0.5, 0.5 and 1.5, and so labelled neither false nor true.
        var axis = q.boolean
          ? { type: "category", data: ["false", "true"] }
          : logX ? { type: "log", min: lowX / 1.1, max: highX * 1.1,
                     axisTick: { customValues: ticks }, splitLine: { show: false },
                     axisLabel: { customValues: ticks, formatter: function (v) { return tick(+v); } } }
          // A margin of 5% of the range, so that no point sits on the frame, but never below 0
          // for a parameter that is never negative.
          : { type: "value",
              min: function (v) { var m = v.min - 0.05 * (v.max - v.min || 1); return v.min >= 0 && m < 0 ? 0 : m; },
              max: function (v) { return v.max + 0.05 * (v.max - v.min || 1); },
              // The padded ends are not round numbers: no labels there.
              axisLabel: { showMinLabel: false, showMaxLabel: false, formatter: function (v) { return +v.toPrecision(3); } } };
        axis.gridIndex = panel;
        if (panel === 0) axis.axisLabel = { show: false };  // the bottom panel's labels serve both
        axis.axisLine = { onZero: false };
        if (panel === 1) { axis.name = q.path + (logX ? " (log scale)" : ""); axis.nameLocation = "middle"; axis.nameGap = 28; }
        return axis;
      }
      function panel(name, index, color, symbol, format) {
        var e = errorBars(pts.map(function (p) { return [x(p), metric(p, name).low, metric(p, name).high]; }), true);
        e.itemStyle = { opacity: 0.5 };
        e.xAxisIndex = e.yAxisIndex = index;
        return [{ type: "scatter", name: labels[name], xAxisIndex: index, yAxisIndex: index, symbol: symbol, symbolSize: 9,
                  itemStyle: { color: color },
                  tooltip: { valueFormatter: format },
                  data: pts.map(function (p) { return [x(p), metric(p, name).mean]; }) }].concat(withCI ? [e] : []);
      }
      chart("param" + d, {
        title: { text: "Conversion (top) and profit (bottom) at each point" + (withCI ? ", with 95% CIs over replications" : "") +
                       (P.length > 1 ? "; the other parameters vary too" : ""), textStyle: { fontSize: 14 } },
        tooltip: { trigger: "item" },
        grid: [{ left: 90, right: 30, top: 60, height: 160 }, { left: 90, right: 30, top: 260, height: 160 }],
        xAxis: [xAxis(0), xAxis(1)],
        yAxis: [{ type: "value", scale: true, gridIndex: 0, name: "conversion", axisLabel: { formatter: pctAxis } },
                { type: "value", scale: true, gridIndex: 1, name: "profit", axisLabel: { formatter: function (v) { return fmt(v); } } }],
        series: panel("conversion_rate", 0, "#0072B2", "circle", function (v) { return fmt(v, "fraction"); })
          .concat(panel("profit", 1, "#D55E00", "diamond", function (v) { return fmt(v); }))
      }, 470);
    });

    // Two parameters on a grid: conversion as a heatmap over both.
    if (data.design === "grid" && P.length === 2) {
      var xs = [], ys = [];
      pts.forEach(function (p) {
        if (xs.indexOf(val(p, 0)) < 0) xs.push(val(p, 0));
        if (ys.indexOf(val(p, 1)) < 0) ys.push(val(p, 1));
      });
      var cells = pts.map(function (p) { return [xs.indexOf(val(p, 0)), ys.indexOf(val(p, 1)), metric(p, "conversion_rate").mean]; });
      var vals = cells.map(function (c) { return c[2]; }).filter(function (v) { return v !== null; });
      root.appendChild(el("h2", {}, ["Conversion over both parameters"]));
      chart("heatmap", {
        title: { text: "Conversion rate at each grid point", textStyle: { fontSize: 14 } },
        tooltip: { formatter: function (p) { return xs[p.value[0]] + ", " + ys[p.value[1]] + ": " + fmt(p.value[2], "fraction"); } },
        grid: { left: 110, right: 30, top: 40, bottom: 110 },
        xAxis: { type: "category", data: xs, name: P[0].path, nameLocation: "middle", nameGap: 30 },
        yAxis: { type: "category", data: ys, name: P[1].path },
        visualMap: { min: Math.min.apply(null, vals), max: Math.max.apply(null, vals), calculable: true,
                     orient: "horizontal", left: "center", bottom: 0,
                     inRange: { color: ["#f7fbff", "#6baed6", "#08306b"] },
                     formatter: function (v) { return fmt(v, "fraction"); } },
        series: [{ type: "heatmap", data: cells, label: { show: cells.length <= 60, formatter: function (p) { return fmt(p.value[2], "fraction"); } } }]
      });
    }

    // Sobol or Morris: the parameters ranked, with their intervals, for the metric picked
    // (conversion first; a keyboard-usable select switches to revenue, profit or days to convert).
    if (sens.length) {
      var sobol = data.design === "sobol";
      var tornado = function (metricName) {
        var rows = data.sensitivity.filter(function (r) { return r.metric === metricName; });
        var order = rows.slice().sort(function (a, b) { return (sobol ? a.total - b.total : a.mu_star - b.mu_star); });
        var hbars = function (lowKey, highKey, offset) {
          return {
            type: "custom", z: 10, silent: true, clip: true,
            renderItem: function (params, api) {
              var lo = api.coord([api.value(1), api.value(0)]), hi = api.coord([api.value(2), api.value(0)]);
              var y = lo[1] + offset * api.size([0, 1])[1], h = api.size([0, 1])[1] * 0.08, style = { stroke: "#000", lineWidth: 1.5 };
              return { type: "group", children: [
                { type: "line", shape: { x1: lo[0], y1: y, x2: hi[0], y2: y }, style: style },
                { type: "line", shape: { x1: lo[0], y1: y - h, x2: lo[0], y2: y + h }, style: style },
                { type: "line", shape: { x1: hi[0], y1: y - h, x2: hi[0], y2: y + h }, style: style }] };
            },
            // Both ends are x values: the axis spans the intervals, below 0 too.
            encode: { y: 0, x: [1, 2] },
            data: order.map(function (r, i) { return [i, r[lowKey], r[highKey]]; }).filter(function (r) { return r[1] !== null && r[2] !== null; })
          };
        };
        var what = (labels[metricName] || metricName).toLowerCase();
        // Morris effects on conversion in percentage points, as the console gives them.
        var points = !sobol && metricName === "conversion_rate" ? 100 : 1;
        return {
          color: palette, animation: false,
          title: { text: sobol ? "Share of the variance of " + what + ": total effect and first order, 95% bootstrap CI"
                               : "Mean absolute elementary effect μ* on " + what + " (and σ)" + (points === 100 ? ", in percentage points" : ""),
                   textStyle: { fontSize: 14 } },
          tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
          legend: { bottom: 0 },
          grid: { left: 260, right: 40, top: 40, bottom: 60 },
          xAxis: { type: "value", name: points === 100 ? "percentage points" : "", nameLocation: "middle", nameGap: 28 },
          yAxis: { type: "category", data: order.map(function (r) { return P[r.parameter].path; }) },
          series: sobol
            ? [{ type: "bar", name: "total effect", data: order.map(function (r) { return r.total; }), itemStyle: { color: "#E69F00" } },
               { type: "bar", name: "first order", data: order.map(function (r) { return r.first; }), itemStyle: { color: "#0072B2" } },
               hbars("total_ci_low", "total_ci_high", -0.2), hbars("first_ci_low", "first_ci_high", 0.2)]
            : [{ type: "bar", name: "μ*", data: order.map(function (r) { return r.mu_star === null ? null : points * r.mu_star; }), itemStyle: { color: "#E69F00" } },
               { type: "bar", name: "σ", data: order.map(function (r) { return r.sigma === null ? null : points * r.sigma; }), itemStyle: { color: "#0072B2" } }]
        };
      };
      root.appendChild(el("h2", {}, [sobol ? "Which parameters matter (Sobol indices)" : "Which parameters matter (Morris screening)"]));
      var metricsThere = [];
      data.sensitivity.forEach(function (r) { if (metricsThere.indexOf(r.metric) < 0) metricsThere.push(r.metric); });
      var pick = el("select", { id: "sensitivity-metric" }, metricsThere.map(function (name) {
        return el("option", { value: name }, [labels[name] || name]); }));
      root.appendChild(el("p", { "class": "no-print" }, [el("label", { "for": "sensitivity-metric" }, ["Metric: "]), pick]));
      // A link can pick the metric: page.html#sensitivity=profit.
      var asked = /sensitivity=([a-z_]+)/.exec(window.location.hash);
      if (asked && metricsThere.indexOf(asked[1]) >= 0) pick.value = asked[1];
      var tornadoChart = chart("tornado", tornado(pick.value));
      pick.addEventListener("change", function () { tornadoChart.setOption(tornado(pick.value), true); });
    }

    if (sens.length && data.design === "sobol") {
      root.appendChild(el("p", { "class": "sub" }, [
        "The indices are estimates from the sweep's base samples: a first-order index above the total, or an " +
        "interval past 0 or 1, says there are too few (raise points, a power of two)."]));
    }

    // Every point, sortable by any column (click or Enter on its header).
    root.appendChild(el("h2", {}, ["Every point"]));
    // The results first, so that a narrow screen or a printout shows them; then the parameters.
    var cols = [{ name: "point", get: function (p) { return p.point; }, show: function (p) { return "p" + p.point + ofRuns(p); } }]
      .concat([["conversion_rate", "fraction"], ["profit", ""], ["mean_days_to_convert", "days"]]
        .map(function (c) { return { name: labels[c[0]].toLowerCase(), title: data.metrics[c[0]].meaning, high: true,
                                     get: function (p) { return metric(p, c[0]).mean; },
                                     show: function (p) { var m = metric(p, c[0]); return fmt(m.mean, c[1]) + (m.low !== null ? " ± " + fmt(m.high - m.mean, c[1]) : ""); } }; }))
      .concat(P.map(function (q, d) { return { name: q.path, get: function (p) { return p.values[d]; }, show: function (p) { return val(p, d); } }; }));
    var table = el("table", { "class": "arms sortable" }), body = el("tbody");
    var sortBy = 0, down = false;
    function fill() {
      var rows = pts.slice().sort(function (a, b) {
        var x = cols[sortBy].get(a), y = cols[sortBy].get(b);
        return (x === null) - (y === null) || (down ? y - x : x - y);
      });
      body.textContent = "";
      rows.forEach(function (p) { body.appendChild(el("tr", {}, cols.map(function (c) { return el("td", {}, [c.show(p)]); }))); });
    }
    table.appendChild(el("thead", {}, [el("tr", {}, cols.map(function (c, i) {
      var th = el("th", { scope: "col", tabindex: "0", role: "button", title: (c.title ? c.title + "; " : "") + "sort by " + c.name }, [c.name]);
      function sort() { down = sortBy === i ? !down : !!c.high; sortBy = i; fill(); }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
      return th;
    }))]));
    table.appendChild(body);
    fill();
    root.appendChild(el("div", { "class": "wide" }, [table]));
  }

  function drawCompare() {
    var arms = data.arms, variants = arms.slice(1);
    function m(a, name) { return a.metrics[name] || {}; }
    var points = function (v) { return v === null || v === undefined ? "–" : (v >= 0 ? "+" : "") + (100 * v).toFixed(2) + " points"; };
    // The paragraph: the variant that lifts conversion most, and what it is worth.
    // The paragraph leads with the variant worth most (its profit change less its fixed cost),
    // and names the one that lifts conversion most when that is another.
    function net(a) { return (m(a, "profit").diff || 0) - a.fixed_cost; }
    var best = variants.slice().sort(function (a, b) { return net(b) - net(a); })[0];
    var lifts = variants.slice().sort(function (a, b) {
      return (m(b, "conversion_rate").diff || 0) - (m(a, "conversion_rate").diff || 0); })[0];
    var text = "The baseline converts " + fmt(m(arms[0], "conversion_rate").mean, "fraction") + " of " +
      fmt(m(arms[0], "customers").mean) + " customers over " + fmt(data.horizon_days) + " days.";
    function change(a) {
      var c = m(a, "conversion_rate"), t = a.title + " changes conversion by " + points(c.diff).replace(" points", " percentage points");
      if (c.diff === 0 && c.diff_low === 0 && c.diff_high === 0) return a.title + " leaves conversion as it is";
      if (c.diff_low === null || c.diff_low === undefined) return t + " (one replication: no interval)";
      t += " (95% CI " + points(c.diff_low).replace(" points", "") + " to " + points(c.diff_high).replace(" points", "") + ")";
      return t + (c.significant ? "" : ", not distinguishable from no change");
    }
    if (best) {
      var p = m(best, "profit");
      var said = change(best);
      text += " " + said + (/as it is$/.test(said) ? " and changes profit by " : ", and profit by ") +
        (p.diff >= 0 ? "+" : "") + fmt(p.diff) + " over the horizon" +
        (best.fixed_cost ? " for a fixed cost of " + fmt(best.fixed_cost) : "") + ".";
      if (net(best) <= 0) text += " No variant pays back its fixed cost within the horizon.";
      if (lifts && lifts !== best && (m(lifts, "conversion_rate").diff || 0) > (m(best, "conversion_rate").diff || 0))
        text += " " + change(lifts) + ", with profit " + (m(lifts, "profit").diff >= 0 ? "+" : "") + fmt(m(lifts, "profit").diff) +
          (lifts.fixed_cost ? " for a fixed cost of " + fmt(lifts.fixed_cost) : "") + ".";
    }
    root.appendChild(el("p", { "class": "summary" }, [text]));

    // As the console gives it: a day and more to 0.1 day, under a day to two digits, and
    // "never" for a change that does not pay (the file's inf, null here).
    function payback(days) {
      if (days === undefined) return "";
      if (days === null) return "never";
      return (days < 1 ? String(+days.toPrecision(2)) : fmt(days, "days")) + " days";
    }

    // The arms side by side.
    var head = ["Arm", "Conversion", "vs baseline", "Profit", "vs baseline", "Fixed cost", "ROI", "Payback"];
    var rows = arms.map(function (a, i) {
      var c = m(a, "conversion_rate"), p = m(a, "profit"), roi = m(a, "roi"), pay = m(a, "payback_days");
      return [a.title, fmt(c.mean, "fraction"), i ? points(c.diff) + (c.significant ? " *" : "") : "",
              fmt(p.mean), i ? (p.diff >= 0 ? "+" : "") + fmt(p.diff) + (p.significant ? " *" : "") : "",
              i ? fmt(a.fixed_cost) : "",
              i && roi.mean !== undefined ? (roi.mean > 0 ? "+" : "") + fmt(roi.mean, "fraction") + (roi.significant ? " *" : "") : "",
              i && a.fixed_cost ? payback(pay.mean) : ""];
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
      yAxis: { type: "value", axisLabel: { formatter: pctAxis }, scale: true },
      // Points, not bars: the axis does not start at 0, and a bar would exaggerate the differences.
      series: [{ type: "scatter", symbolSize: 14, data: arms.map(function (a) { return m(a, "conversion_rate").mean; }),
                 itemStyle: { color: "#0072B2" } },
               errorBars(arms.map(function (a, i) { return [i, m(a, "conversion_rate").low, m(a, "conversion_rate").high]; }))]
    });

    // The axis spans the intervals too, not only the bars, so no bar's CI is cut off.
    var ends = [0];
    variants.forEach(function (a) {
      var c = m(a, "conversion_rate");
      [c.diff, c.diff_low, c.diff_high].forEach(function (v) { if (v !== null && v !== undefined) ends.push(v); });
    });
    var liftLow = Math.min.apply(null, ends), liftHigh = Math.max.apply(null, ends), pad = 0.1 * (liftHigh - liftLow || 0.01);
    root.appendChild(el("h2", {}, ["Lift against the baseline"]));
    chart("lift", {
      title: { text: "Change in conversion (percentage points), paired 95% CI; orange: significant", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return points(v); } },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: variants.map(function (a) { return a.title; }), axisLabel: { interval: 0, width: 140, overflow: "break", lineHeight: 14 } },
      yAxis: { type: "value", min: liftLow < 0 ? liftLow - pad : 0, max: liftHigh > 0 ? liftHigh + pad : 0,
               // The padded ends are not round numbers: their labels would crowd the next tick's.
               axisLabel: { showMaxLabel: !(liftHigh > 0), showMinLabel: !(liftLow < 0),
                            formatter: function (v) { return (100 * v).toFixed(1); } } },
      series: [{ type: "bar", data: variants.map(function (a) {
                   var c = m(a, "conversion_rate");
                   return { value: c.diff, itemStyle: { color: c.significant ? "#E69F00" : "#BBBBBB" } }; }) },
               errorBars(variants.map(function (a, i) { return [i, m(a, "conversion_rate").diff_low, m(a, "conversion_rate").diff_high]; }))]
    });

    root.appendChild(el("h2", {}, ["Funnels, arm by arm"]));
    chart("funnels", {
      title: { text: "Customers reaching each stage" + meanOver, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
      legend: { bottom: 0 },
      grid: { left: 80, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: data.stages.map(function (s) { return s.title; }) },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
      series: arms.map(function (a, i) {
        return { type: "line", name: a.title, data: data.funnels[i], symbolSize: 8, lineStyle: { width: i ? 2 : 3 } }; })
    });
    // The lines above lie on one another where arms differ at a single stage, as an
    // intervention on one touchpoint does: each variant's difference from the baseline shows it.
    var signedCount = function (v) { return (v > 0 ? "+" : "") + fmt(v); };  // no "+" on 0
    chart("funnelDiff", {
      title: { text: "Customers reaching each stage: each variant's difference from the baseline", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: signedCount },
      legend: { bottom: 0 },
      grid: { left: 80, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: data.stages.map(function (s) { return s.title; }) },
      yAxis: { type: "value", axisLabel: { formatter: signedCount } },
      // The baseline's colour stays the baseline's in the chart above: variants keep theirs.
      color: palette.slice(1),
      series: arms.slice(1).map(function (a, j) {
        return { type: "bar", name: a.title, data: data.funnels[j + 1].map(function (v, s) { return v - data.funnels[0][s]; }) }; })
    });

    root.appendChild(el("h2", {}, ["Drop-off by stage"]));
    chart("dropoff", {
      title: { text: "Share of those reaching a stage who are lost there; where an intervention acts, its bar moves", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v, "fraction"); } },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: data.stages.map(function (s) { return s.title; }) },
      yAxis: { type: "value", axisLabel: { formatter: pctAxis } },
      series: arms.map(function (a) {
        return { type: "bar", name: a.title, data: data.stages.map(function (s) { return m(a, "drop_off." + s.id).mean; }) }; })
    });

    // Campaigns: what each arm sends, and the lost customers it wins back.
    if (data.campaigns.length) {
      root.appendChild(el("h2", {}, ["Campaign sends and wins"]));
      var sends = m(arms[0], "campaign_sends"), wins = m(arms[0], "campaign_wins");
      root.appendChild(el("table", { "class": "arms" }, [
        el("thead", {}, [el("tr", {}, ["Arm", "Messages sent", "vs baseline", "Customers won back", "vs baseline", "Wins per 1,000 sends"]
          .map(function (h) { return el("th", { scope: "col" }, [h]); }))]),
        el("tbody", {}, arms.map(function (a, i) {
          var s = m(a, "campaign_sends"), w = m(a, "campaign_wins");
          function diff(x) { return i && x.diff !== undefined ? (x.diff >= 0 ? "+" : "") + fmt(x.diff) + (x.significant ? " *" : "") : ""; }
          return el("tr", {}, [a.title, fmt(s.mean), diff(s), fmt(w.mean), diff(w), s.mean ? fmt(1000 * w.mean / s.mean) : "–"]
            .map(function (v) { return el("td", {}, [v]); }));
        }))]));
      var twoCharts = [["campaign_sends", "campaignSends", "Messages sent, by campaign" + meanOver],
                       ["campaign_wins", "campaignWins", "Lost customers won back, by campaign" + meanOver]];
      twoCharts.forEach(function (c) {
        chart(c[1], {
          title: { text: c[2], textStyle: { fontSize: 14 } },
          tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
          legend: { bottom: 0 },
          grid: { left: 80, right: 30, top: 40, bottom: 60 },
          xAxis: { type: "category", data: arms.map(function (a) { return a.title; }), axisLabel: { interval: 0, width: 140, overflow: "break", lineHeight: 14 } },
          yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
          series: data.campaigns.map(function (k, j) {
            return { type: "bar", name: k.title, data: arms.map(function (a, i) { return data[c[0]][i][j]; }) }; })
        }, 320);
      });
      if (!(sends.mean > 0) && !arms.some(function (a) { return m(a, "campaign_sends").mean > 0; }))
        root.appendChild(el("p", { "class": "sub" }, ["No arm sent a message: the campaigns never triggered."]));
    }
  }

  // Chart titles say "mean over replications" only where there are several.
  var meanOver = data.replications > 1 ? " (mean over replications)" : "";
  // Axis ticks are round numbers: no trailing zeros (10%, 12.5%).
  function pctAxis(v) { return +(100 * v).toFixed(2) + "%"; }
  // Ticks for a log axis from low to high: ECharts puts them at powers of 10 only, so a
  // range of 10 to 80 had one label. 1-1.5-2-3-5-7 within a decade, 1-2-5 up to three.
  function logTicks(low, high) {
    var decades = Math.log10(high / low), steps = decades <= 1 ? [1, 1.5, 2, 3, 5, 7] : decades <= 3 ? [1, 2, 5] : [1];
    var ticks = [];
    for (var e = Math.floor(Math.log10(low)) - 1; e <= Math.ceil(Math.log10(high)); e++) {
      steps.forEach(function (m) {
        var v = +(m * Math.pow(10, e)).toPrecision(3);
        if (v >= low / 1.1 && v <= high * 1.1) ticks.push(v);
      });
    }
    return ticks;
  }
  function pct1(v) { return (100 * v).toFixed(1) + "%"; }
  function sum(xs) { return xs.reduce(function (a, b) { return a + (b || 0); }, 0); }

  // Each stage's losses by channel and reason, and the largest of them: the main cause.
  function lossCauses(s) {
    var causes = [];
    data.channels.forEach(function (c, k) {
      // The touchpoint names the place, with its channel where its title does not, as the console does.
      var title = (data.touchpoint_titles && data.touchpoint_titles[s] && data.touchpoint_titles[s][k]) || "";
      var where = title ? "at " + title : "on " + c.title;
      causes.push({ reason: "abandoned after friction", channel: where, n: data.touch.abandon[s][k] || 0 });
      causes.push({ reason: "left without friction", channel: where, n: data.touch.leave[s][k] || 0 });
    });
    var total = sum(causes.map(function (c) { return c.n; }));
    var main = causes.sort(function (a, b) { return b.n - a.n; })[0];
    return { total: total, main: total > 0 ? main : null, share: total > 0 ? main.n / total : null,
             abandon: sum(data.touch.abandon[s]), leave: sum(data.touch.leave[s]) };
  }
  function causeText(c) {
    return c.main ? c.main.reason + " " + c.main.channel + " (" + fmt(c.share, "fraction") + " of the losses here)" : "–";
  }

  function drawRun() {
    var stages = data.stages, S = stages.length;
    var text = summary(), worst = data.funnel.slice().sort(function (a, b) { return b.lost.mean - a.lost.mean; })[0];
    if (worst && worst.lost.mean > 0) {
      var why = lossCauses(data.funnel.indexOf(worst));
      if (why.main) text += " The main cause there: " + causeText(why) + ".";
    }
    root.appendChild(el("p", { "class": "summary" }, [text]));
    root.appendChild(el("div", { "class": "tiles" }, data.tiles.map(tile)));

    root.appendChild(el("h2", {}, ["Funnel"]));
    chart("funnel", {
      title: { text: "Customers reaching each stage" + meanOver, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", valueFormatter: function (v) { return fmt(v); } },
      series: [{
        type: "funnel", top: 40, bottom: 10, left: "10%", width: "80%", sort: "none", minSize: "2%",
        label: { show: true, position: "inside", lineHeight: 18,
                 formatter: function (p) { return p.name + "\n" + fmt(p.value); } },
        data: data.funnel.map(function (f) { return { name: f.title, value: f.reached.mean }; })
      }]
    });

    // Drop-off per stage and its main cause: the table says it, the chart splits it by reason.
    root.appendChild(el("h2", {}, ["Where customers are lost, and why"]));
    var causes = data.funnel.map(function (f, s) { return lossCauses(s); });
    root.appendChild(el("table", { "class": "arms" }, [
      el("thead", {}, [el("tr", {}, ["Stage", "Reached", "Lost", "Drop-off", "Main cause"].map(function (h) {
        // The cause is text, left-aligned: its header with it, not over the numbers' right edge.
        return el("th", h === "Main cause" ? { scope: "col", "class": "text" } : { scope: "col" }, [h]); }))]),
      el("tbody", {}, data.funnel.map(function (f, s) {
        return el("tr", {}, [f.title, fmt(f.reached.mean), fmt(f.lost.mean),
                             f.reached.mean ? fmt(f.lost.mean / f.reached.mean, "fraction") : "–", causeText(causes[s])]
          .map(function (v, i) { return el("td", i === 4 ? { "class": "text" } : {}, [v]); }));
      }))]));
    chart("lost", {
      title: { text: "Losses at each stage by reason" + meanOver, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
      legend: { bottom: 0 },
      grid: { left: 160, right: 40, top: 40, bottom: 60 },
      xAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
      yAxis: { type: "category", inverse: true, data: stages.map(function (s) { return s.title; }) },
      series: [{ type: "bar", stack: "lost", name: "abandoned after friction", itemStyle: { color: "#D55E00" },
                 data: causes.map(function (c) { return c.abandon; }) },
               { type: "bar", stack: "lost", name: "left without friction", itemStyle: { color: "#56B4E9" },
                 data: causes.map(function (c) { return c.leave; }) }]
    });
    if (sum(causes.map(function (c) { return c.total; })) > sum(data.funnel.map(function (f) { return f.lost.mean; })) + 0.5)
      root.appendChild(el("p", { "class": "sub" }, ["A customer won back and lost again counts once per loss here, so the bars can add up to more than the customers lost."]));

    // The Sankey: stage to stage, to lost by reason, to completed, and to "still in the journey"
    // at the horizon. It cannot draw a loop, so a move back to an earlier stage (or the same one)
    // ends in a node of its own: left out, a loop's conversions would vanish from the chart.
    root.appendChild(el("h2", {}, ["How customers move"]));
    var nodes = stages.map(function (st, s) { return { name: "s:" + st.id, label: st.title, itemStyle: { color: palette[s % 6] } }; });
    var links = [], back = 0;
    // Inflows: arrivals at each segment's entry stage, and referred customers at theirs, drawn
    // when some customers come by referral or start past the first stage (else they would only
    // repeat the first stage's node). An inflow into a later column passes under the nodes
    // between: a Sankey puts every source in the first column.
    var arrivals = data.arrivals || [], referredIn = data.referred_in || [];
    if (sum(referredIn) > 0 || arrivals.some(function (v, s) { return s > 0 && v > 0; })) {
      arrivals.forEach(function (v, s) { if (v > 0) links.push({ source: "arrived", target: "s:" + stages[s].id, value: v }); });
      referredIn.forEach(function (v, s) { if (v > 0) links.push({ source: "referred", target: "s:" + stages[s].id, value: v }); });
    }
    data.flows.forEach(function (row, from) {
      for (var to = 0; to < S; ++to) {
        if (!(row[to] > 0)) continue;
        if (to > from) links.push({ source: "s:" + stages[from].id, target: "s:" + stages[to].id, value: row[to] });
        else {
          back += row[to];
          links.push({ source: "s:" + stages[from].id, target: "back", value: row[to] });
        }
      }
      var still = data.funnel[from].in_progress.mean;
      if (still > 0) links.push({ source: "s:" + stages[from].id, target: "still", value: still });
      if (causes[from].abandon > 0) links.push({ source: "s:" + stages[from].id, target: "lost:abandon", value: causes[from].abandon });
      if (causes[from].leave > 0) links.push({ source: "s:" + stages[from].id, target: "lost:leave", value: causes[from].leave });
      if (row[S + 1] > 0) links.push({ source: "s:" + stages[from].id, target: "completed", value: row[S + 1] });
    });
    [["arrived", "Arrived", "#666666"], ["referred", "Referred", "#8C564B"],
     ["lost:abandon", "Lost (abandoned after friction)", "#D55E00"], ["lost:leave", "Lost (left)", "#56B4E9"],
     ["completed", "Completed", "#009E73"], ["back", "Back to an earlier stage", "#999999"],
     ["still", "Still in the journey at the horizon", "#CC79A7"]].forEach(function (n) {
      if (links.some(function (l) { return l.target === n[0] || l.source === n[0]; })) nodes.push({ name: n[0], label: n[1], itemStyle: { color: n[2] } });
    });
    var nodeLabel = {};
    nodes.forEach(function (n) { nodeLabel[n.name] = n.label; });
    // A stage's (or an inflow's) label sits between its node and the next column: no wider than that gap.
    var starts = function (name) { return name.indexOf("s:") === 0 || name === "arrived" || name === "referred"; };
    var columns = S + (nodeLabel.arrived || nodeLabel.referred ? 1 : 0);
    var labelWidth = Math.max(80, (root.clientWidth - 320) / Math.max(1, columns) - 24);
    // Names wrap at spaces when their longest word fits the gap (about 7 px a character at 12 px);
    // else they end in "…" rather than break inside a word.
    var longestWord = Math.max.apply(null, stages.map(function (st) {
      return Math.max.apply(null, st.title.split(/\s+/).map(function (w) { return w.length; })); }));
    var wrap = longestWord * 7 <= labelWidth;
    // A stage's node is as tall as what leaves it, which a won-back customer leaves again
    // without an arrow in: where that is more than the funnel's "reached", both are named,
    // so the chart does not give a stage a count the funnel above contradicts.
    var reachedAt = {};
    stages.forEach(function (st, s) { reachedAt["s:" + st.id] = data.funnel[s].reached.mean; });
    var stageCount = function (p) {
      var reached = reachedAt[p.name];
      if (reached === undefined || Math.abs(reached - p.value) < 0.5) return fmt(p.value);
      return fmt(reached) + " reached\n" + fmt(p.value) + " moves out";
    };
    chart("sankey", {
      title: { text: "Where customers go from each stage" + meanOver, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", formatter: function (p) {
        return p.dataType === "edge" ? nodeLabel[p.data.source] + " → " + nodeLabel[p.data.target] + ": " + fmt(p.data.value)
                                     : nodeLabel[p.name] + ": " + fmt(p.value); } },
      series: [{ type: "sankey", top: 40, bottom: 20, left: 20, right: 280, nodeGap: 14,
                 emphasis: { focus: "adjacency" }, lineStyle: { color: "source", opacity: 0.35 },
                 label: { fontSize: 12, lineHeight: 15, textBorderColor: "#fff", textBorderWidth: 3, width: labelWidth, overflow: wrap ? "break" : "truncate", ellipsis: "…",
                          // Between columns, the name (wrapped) and the count on lines of their own: a narrow gap cuts nothing off.
                          formatter: function (p) { return starts(p.name) ? nodeLabel[p.name] + "\n" + stageCount(p) : nodeLabel[p.name] + ": " + fmt(p.value); } },
                 // The end nodes sit in the last column, with the right margin for their labels.
                 data: nodes.map(function (n) {
                   return { name: n.name, itemStyle: n.itemStyle, label: starts(n.name) ? undefined : { width: 270 } }; }),
                 links: links }]
    }, 520);
    var notes = ["A customer lost, won back and lost again moves twice, and a won-back customer re-enters a stage without an arrow into it: such a stage names both its customers reached, as in the funnel, and its moves out."];
    if (nodeLabel.arrived || nodeLabel.referred) notes.unshift("Customers come in on the left: on their own at their segment's entry stage, or referred, at the stage referrals enter; an arrow into a later stage passes under the stages before it.");
    if (back > 0) notes.push("A Sankey cannot draw a loop: the " + fmt(back) + " moves back to an earlier stage (or the same one) end in their own node, and those customers' later moves start again from the stage they went back to.");
    root.appendChild(el("p", { "class": "sub" }, [notes.join(" ")]));

    // The pain points: where touches hit friction and customers abandon.
    root.appendChild(el("h2", {}, ["Pain points: friction and abandonment by stage and channel"]));
    // Channels with touches only: one used by campaigns alone would be an empty column.
    var touched = data.channels.map(function (c, k) { return k; }).filter(function (k) {
      return data.touch.count.some(function (row) { return row[k] > 0; }); });
    var cells = [], maxAbandon = 0;
    stages.forEach(function (st, s) {
      touched.forEach(function (k, x) {
        var n = data.touch.count[s][k];
        if (!(n > 0)) return;
        var a = data.touch.abandon[s][k];
        maxAbandon = Math.max(maxAbandon, a);
        cells.push({ value: [x, s, a], channel: data.channels[k].title, touches: n, friction: data.touch.friction[s][k] / n, abandonRate: a / n });
      });
    });
    chart("pain", {
      title: { text: "Colour: customers abandoning after friction. Label: share of touches with friction / ending in abandonment", textStyle: { fontSize: 14 } },
      tooltip: { formatter: function (p) {
        var d = p.data;
        return stages[d.value[1]].title + " × " + d.channel + "<br>" + fmt(d.touches) + " touches, " +
          fmt(d.friction, "fraction") + " with friction<br>" + fmt(d.value[2]) + " abandoned (" + fmt(d.abandonRate, "fraction") + " of touches)"; } },
      grid: { left: 160, right: 30, top: 40, bottom: 120 },
      xAxis: { type: "category", data: touched.map(function (k) { return data.channels[k].title; }), splitArea: { show: true },
               axisLabel: { interval: 0, width: 110, overflow: "break", lineHeight: 14 } },
      yAxis: { type: "category", inverse: true, data: stages.map(function (s) { return s.title; }), splitArea: { show: true } },
      visualMap: { min: 0, max: maxAbandon || 1, calculable: true, orient: "horizontal", left: "center", bottom: 0,
                   text: ["customers abandoning", ""],
                   inRange: { color: ["#fff7ec", "#fdbb84", "#d7301f", "#7f0000"] },
                   formatter: function (v) { return fmt(v); } },
      series: [{ type: "heatmap", data: cells,
                 label: { show: true, formatter: function (p) { return pct1(p.data.friction) + " / " + pct1(p.data.abandonRate); } } }]
    });

    // How long conversion takes: the rows of /convert_days, grouped to at most 60 bars, to the last conversion.
    var conv = data.convert_days, step = data.step_days, last = conv.length - 1, total = sum(conv);
    while (last >= 0 && !(conv[last] > 0)) --last;
    // A long thin tail would squeeze the bars: they end where 99.5% of conversions are in.
    var slowest = last, upto = 0;
    for (var q = 0; q <= last; ++q) { upto += conv[q]; if (upto >= 0.995 * total) { last = q; break; } }
    if (!(total > 0)) {
      root.appendChild(el("h2", {}, ["Time to convert"]));
      root.appendChild(el("p", { "class": "sub" }, ["Nobody converted, so there is no time to convert to show."]));
    } else if (last >= 0) {
      var group = Math.max(1, Math.ceil((last + 1) / 60)), bars = [], names = [];
      for (var d = 0; d <= last; d += group) {
        bars.push(sum(conv.slice(d, Math.min(d + group, last + 1))));
        names.push(fmt(d * step) + "–" + fmt(Math.min(d + group, conv.length) * step));
      }
      var all = sum(bars), acc = 0, median = null;
      bars.forEach(function (b, i) { acc += b; if (median === null && acc >= all / 2) median = i; });
      root.appendChild(el("h2", {}, ["Time to convert"]));
      chart("convert", {
        title: { text: "Conversions by days since arrival" + meanOver, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis", formatter: function (ps) { return ps[0].name + " days: " + fmt(ps[0].value) + " conversions"; } },
        grid: { left: 80, right: 30, top: 40, bottom: 50 },
        xAxis: { type: "category", data: names, name: "days since arrival", nameLocation: "middle", nameGap: 30 },
        yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
        series: [{ type: "bar", data: bars, barCategoryGap: "10%", itemStyle: { color: "#0072B2" } }]
      });
      root.appendChild(el("p", { "class": "sub" }, ["Half of the conversions come within " +
        fmt(Math.min(median * group + group, conv.length) * step) + (Math.min(median * group + group, conv.length) * step === 1 ? " day" : " days") + " of arrival; the mean is " +
        fmt(byName("mean_days_to_convert").value.mean) + " days." +
        (slowest > last ? " The slowest 0.5%, up to " + fmt((slowest + 1) * step) + " days, are not drawn." : "")]));
    }

    // Where customers are, day by day.
    root.appendChild(el("h2", {}, ["Customers in each stage over time"]));
    chart("occupancy", {
      title: { text: "Customers in each stage at the end of each " + (step === 1 ? "day" : step + "-day step") + meanOver, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
      legend: { bottom: 0 },
      grid: { left: 80, right: 30, top: 40, bottom: 70 },
      xAxis: { type: "value", name: "day", nameLocation: "middle", nameGap: 28, min: 0, max: "dataMax" },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
      series: stages.map(function (st, s) {
        return { type: "line", name: st.title, showSymbol: false, lineStyle: { width: 2, type: s < 8 ? "solid" : "dashed" },
                 data: data.occupancy.map(function (row) { return [row[0], row[s + 1]]; }) }; })
    });

    // Money by channel: revenue from its touches, cost of its touches and campaign sends.
    var revenue = data.channels.map(function (c, k) { return sum(data.touch.revenue.map(function (row) { return row[k]; })); });
    var shown = data.channels.map(function (c, k) { return k; }).filter(function (k) { return revenue[k] || data.channel_cost[k]; });
    if (shown.length) {
      root.appendChild(el("h2", {}, ["Revenue and cost by channel"]));
      chart("channels", {
        title: { text: "Revenue earned on each channel's touches, and its cost (touches and campaign sends)" + meanOver, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
        legend: { bottom: 0 },
        grid: { left: 80, right: 30, top: 40, bottom: 60 },
        xAxis: { type: "category", data: shown.map(function (k) { return data.channels[k].title; }), axisLabel: { interval: 0 } },
        yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
        series: [{ type: "bar", name: "revenue", itemStyle: { color: "#009E73" }, data: shown.map(function (k) { return revenue[k]; }) },
                 { type: "bar", name: "cost", itemStyle: { color: "#E69F00" }, data: shown.map(function (k) { return data.channel_cost[k]; }) }]
      });
    }

    // The funnel of each segment, side by side, in shares of the segment's customers, from
    // the first stage it reaches: a segment entering later had shares of 0 customers at the
    // first stage (10,520% of them) and a funnel drawn upside down.
    if (data.segments.length > 1) {
      var G = data.segments.length, width = 100 / G;
      root.appendChild(el("h2", {}, ["The funnel by segment"]));
      chart("segments", {
        title: data.segments.map(function (g, i) {
          return { text: g.title, left: (i + 0.5) * width + "%", textAlign: "center", top: 0, textStyle: { fontSize: 14 } }; }),
        tooltip: { trigger: "item", formatter: function (p) { return data.segments[p.seriesIndex].title + ", " + p.name + ": " + fmt(p.value); } },
        series: data.segments.map(function (g, i) {
          var reached = data.segment_reached[i], customers = data.segment_customers[i];
          var from = Math.max(0, reached.findIndex(function (v) { return v > 0; }));
          return { type: "funnel", sort: "none", top: 40, bottom: 10, left: (i * width + 1) + "%", width: (width - 2) + "%", minSize: "2%",
                   label: { show: true, position: "inside", lineHeight: 16, formatter: function (p) { return p.name + "\n" + fmt(customers ? p.value / customers : 0, "fraction"); } },
                   data: stages.slice(from).map(function (st, k) { return { name: st.title, value: reached[from + k] }; }) }; })
      });
      root.appendChild(el("p", { "class": "sub" }, ["Each segment's customers reaching each stage, from the first stage any of them reaches; the labels are shares of the segment's customers. A stage is wider than the one above it where customers enter there (a segment's entry stage, or referred customers')."]));
    }
  }

  root.appendChild(el("h1", {}, [data.title]));
  root.appendChild(el("p", { "class": "sub" }, [
    "journeysim " + data.command + " · " + data.replications + " replication" + (data.replications === 1 ? "" : "s") +
    " · seed " + data.seed + (data.set ? " · --set " + data.set.split("\n").join(" ") : "") +
    (data.variant && data.variant !== "baseline" ? " · arm " + data.variant : "")
  ]));
  if (data.command === "compare") {
    drawCompare();
  } else if (data.command === "sweep") {
    drawSweep();
  } else {
    drawRun();
  }
  root.appendChild(el("h2", {}, ["How this was made"]));
  root.appendChild(el("table", { "class": "meta" }, [
    ["Results file", data.file], ["Engine", "journeysim " + data.engine_version], ["Written", data.created_utc],
    ["Seed", String(data.seed)], ["Replications", String(data.replications)], ["--set", data.set || "none"],
  ].concat(data.command_line ? [["Command", data.command_line + "  (run from the same folder, it writes this file again)"]] : [])
   .concat([["From this page alone", "save the effective scenario below as effective.toml and run: journeysim " + data.command + " effective.toml" + (data.events ? " --events" : "")]]).map(function (row) { return el("tr", {}, [el("td", {}, [row[0]]), el("td", {}, [row[1]])]); })));
  root.appendChild(el("details", {}, [el("summary", {}, ["Effective scenario (every default filled in)"]),
                                      el("pre", {}, [data.effective])]));
  root.appendChild(el("details", {}, [el("summary", {}, ["Scenario file as written"]), el("pre", {}, [data.source])]));
  root.appendChild(el("footer", {}, ["Made by journeysim " + data.engine_version +
    ". Charts: Apache ECharts (Apache-2.0), inside this file: it opens offline."]));
  // Milliseconds from the start of navigation to the last chart drawn: what a reader waits
  // (tools/bench/report.sh reads it).
  document.documentElement.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
  document.documentElement.setAttribute("data-rendered", "yes");
})();
