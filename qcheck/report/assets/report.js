// qcheck HTML report. No library; builds every element with createElement and textContent
// (never innerHTML), from the JSON island the page carries. Names come from snapshots and
// are attacker-controlled: they only ever become text nodes or attribute values.
(function () {
  "use strict";
  var started = performance.now();
  var D = JSON.parse(document.getElementById("qcheck-data").textContent);
  var SEVS = ["critical", "high", "medium", "low"];
  var RANK = { critical: 0, high: 1, medium: 2, low: 3 };
  var CHILD_LIMIT = 200;  // children drawn per box before "show more"
  var ROW_LIMIT = 300;  // findings rows drawn before "show more"
  var SVG = "http://www.w3.org/2000/svg";

  // ---------------------------------------------------------------- helpers
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function where(file, line) {
    var f = D.files[file];
    return line === null || line === undefined ? f : f + ":" + line;
  }
  function option(select, value, text) {
    var o = el("option", null, text);
    o.value = value;
    select.appendChild(o);
  }
  function sevBadge(sev) { return sev ? el("span", "sev " + sev, sev) : null; }

  // ---------------------------------------------------------------- the organization
  // node: [id, kind, name, parent, snapshot, detail, regions, zones, line]
  var N = D.nodes, n = N.length;
  var children = new Array(n), byKey = new Map(), accountByKey = new Map();
  for (var i = 0; i < n; i++) children[i] = [];
  for (i = 0; i < n; i++) {
    var node = N[i];
    if (node[3] >= 0) children[node[3]].push(i);
    byKey.set(node[4] + "\u0000" + node[0], i);
    if (node[1] === "account") accountByKey.set(node[4] + "\u0000" + node[5], i);
  }
  var zoneIndex = new Map();
  D.zones.forEach(function (z, k) { zoneIndex.set(z[0], k); });
  function zoneClass(zones) {
    if (!zones.length) return "zx";
    var k = zoneIndex.get(zones[0]);
    return k === undefined ? "zx" : "z" + (k % 8);
  }
  function nodeOf(snapshot, id) { var k = byKey.get(snapshot + "\u0000" + id); return k === undefined ? -1 : k; }

  // Severity badges: a finding marks its resource and its account (open findings only).
  var own = new Array(n).fill(4), worst = new Array(n).fill(4);
  var accounts = new Array(n).fill(0), nfind = new Array(n).fill(0);
  D.findings.forEach(function (f) {
    if (f.waiver !== null || f.snapshot < 0) return;
    var r = RANK[f.sev], marked = {};
    var res = nodeOf(f.snapshot, f.resource);
    var acc = f.account === null ? -1 : accountByKey.get(f.snapshot + "\u0000" + f.account);
    var marks = [res, acc === undefined ? -1 : acc];
    f.paths.forEach(function (path) {  // and the applications its evidence runs through
      path.forEach(function (step) {
        var j = nodeOf(f.snapshot, step[0]);
        if (j >= 0 && (N[j][1] === "application" || N[j][1] === "customization")) marks.push(j);
      });
    });
    marks.forEach(function (k) {
      if (k >= 0 && !marked[k]) { marked[k] = 1; own[k] = Math.min(own[k], r); nfind[k]++; }
    });
  });
  for (i = n - 1; i >= 0; i--) {  // parents come before children: fold upwards
    worst[i] = Math.min(worst[i], own[i]);
    if (N[i][1] === "account") accounts[i]++;
    var p = N[i][3];
    if (p >= 0) { worst[p] = Math.min(worst[p], worst[i]); accounts[p] += accounts[i]; }
  }

  var expanded = new Set(), limits = new Map(), onPath = new Set(), hits = new Set();
  var visible = null;  // Set of drawn nodes when a Region or zone filter is on
  for (i = 0; i < n; i++) if (N[i][1] === "organization" || N[i][1] === "root") expanded.add(i);

  function ancestors(k, f) { for (var p = N[k][3]; p >= 0; p = N[p][3]) f(p); }
  function reveal(k) { ancestors(k, function (p) { expanded.add(p); }); }

  var org = document.getElementById("org");
  var searchBox = el("input"), regionSel = el("select"), zoneSel = el("select");
  searchBox.type = "search";
  searchBox.placeholder = "account id, name, ARN or person";
  searchBox.setAttribute("aria-label", "search the organization");
  regionSel.setAttribute("aria-label", "Region");
  zoneSel.setAttribute("aria-label", "residency zone");
  option(regionSel, "", "all Regions");
  option(zoneSel, "", "all zones");
  var regions = new Set();
  N.forEach(function (x) { x[6].forEach(function (r) { regions.add(r); }); });
  D.zones.forEach(function (z) { z[1].forEach(function (r) { regions.add(r); }); option(zoneSel, z[0], z[0]); });
  Array.from(regions).sort().forEach(function (r) { option(regionSel, r, r); });
  var expandBtn = el("button", null, "collapse all");
  var controls = add(el("div", "controls"), searchBox, regionSel, zoneSel, expandBtn);
  var legend = el("div", "legend");
  add(legend, el("span", "muted", "zones:"));
  D.zones.forEach(function (z) { add(legend, el("span", "zone " + zoneClass([z[0]]), z[0] + " (" + z[1].join(", ") + ")")); });
  add(legend, el("span", "zone zx", "no zone"));
  var results = el("div", "results"), strip = el("div", "pathstrip"), tree = el("div", "tree");
  tree.id = "tree";
  strip.id = "pathstrip";
  results.id = "search-results";
  add(org, el("h2", null, "Organization"), controls, legend, results, strip, tree);

  function row(k) {
    var x = N[k], kind = x[1], li = el("li"), r = el("div", "row");
    r.dataset.node = String(k);
    if (kind === "application" || kind === "customization" || kind === "account") r.classList.add(zoneClass(x[7]));
    if (onPath.has(k)) r.classList.add("on-path");
    if (hits.has(k)) r.classList.add("hit");
    var kids = children[k].length, tog = el("button", "toggle", kids ? (expanded.has(k) ? "▾" : "▸") : "");
    tog.setAttribute("aria-label", kids ? "expand or collapse" : "");
    tog.dataset.toggle = String(k);
    var kindLabel = { organization: "org", root: "root", ou: "OU", account: "account", instance: "IdC", application: "app", customization: "custom" }[kind] || kind;
    add(r, tog, el("span", "kind k-" + kind, kindLabel), el("span", "name", x[2] || x[0]));
    if (x[5]) add(r, el("span", "detail", x[5]));
    x[6].forEach(function (reg) { add(r, el("span", "region", reg)); });
    if (kind === "account" && x[7].length) add(r, el("span", "zone " + zoneClass(x[7]), x[7].join(" ")));
    if (worst[k] < 4 && (kind === "account" || kind === "application" || kind === "customization" || kind === "instance" || !expanded.has(k)))
      add(r, sevBadge(SEVS[worst[k]]));
    if (kids && kind !== "account" && !expanded.has(k) && accounts[k]) add(r, el("span", "count", accounts[k] + " account" + (accounts[k] === 1 ? "" : "s")));
    r.title = x[0];
    li.appendChild(r);
    if (kids && expanded.has(k)) li.appendChild(list(k));
    return li;
  }
  function forcedSet() {  // boxes drawn whatever the limits: the path, the hit, their ancestors
    var f = new Set();
    onPath.forEach(function (k) { f.add(k); ancestors(k, function (p) { f.add(p); }); });
    hits.forEach(function (k) { f.add(k); ancestors(k, function (p) { f.add(p); }); });
    return f;
  }
  var forced = new Set();
  function list(k) {
    var ul = el("ul"), shown = 0, total = 0, limit = limits.get(k) || CHILD_LIMIT, kids = children[k];
    for (var j = 0; j < kids.length; j++) {
      var c = kids[j];
      if (visible && !visible.has(c)) continue;
      total++;
      if (total <= limit || forced.has(c)) { ul.appendChild(row(c)); shown++; }
    }
    if (total > shown) {
      var more = el("button", "more", "show " + Math.min(total - shown, CHILD_LIMIT) + " more of " + (total - shown));
      more.dataset.more = String(k);
      add(ul, add(el("li"), more));
    }
    return ul;
  }
  function draw() {
    forced = forcedSet();
    var top = el("ul");
    for (var k = 0; k < n; k++) if (N[k][3] < 0 && (!visible || visible.has(k))) top.appendChild(row(k));
    tree.replaceChildren(top);
  }
  tree.addEventListener("click", function (e) {
    var t = e.target.closest("button");
    if (!t) return;
    if (t.dataset.toggle) {
      var k = +t.dataset.toggle;
      if (expanded.has(k)) expanded.delete(k); else expanded.add(k);
    } else if (t.dataset.more) {
      var m = +t.dataset.more;
      limits.set(m, (limits.get(m) || CHILD_LIMIT) + CHILD_LIMIT);
    } else return;
    draw();
  });
  expandBtn.addEventListener("click", function () {
    expanded.clear();
    for (var k = 0; k < n; k++) if (N[k][1] === "organization") expanded.add(k);
    draw();
  });

  function applyFilter() {
    var reg = regionSel.value, zone = zoneSel.value;
    if (!reg && !zone) { visible = null; draw(); return; }
    visible = new Set();
    for (var k = 0; k < n; k++) {
      var x = N[k];
      var ok = (!reg || x[6].indexOf(reg) >= 0) && (!zone || x[7].indexOf(zone) >= 0);
      if (ok && x[1] !== "organization") {
        visible.add(k);
        ancestors(k, function (p) { visible.add(p); });
        if (x[1] !== "account") reveal(k);
      }
    }
    draw();
  }
  regionSel.addEventListener("change", applyFilter);
  zoneSel.addEventListener("change", applyFilter);

  // Search: boxes by name, id, ARN or account id; people by name or email (their
  // applications are shown).
  function show(k) {
    reveal(k);
    hits.clear();
    hits.add(k);
    draw();
    var r = tree.querySelector('[data-node="' + k + '"]');
    if (r) r.scrollIntoView({ block: "center" });
  }
  function search() {
    var q = searchBox.value.trim().toLowerCase();
    results.replaceChildren();
    if (q.length < 2) return;
    var found = [], k;
    for (k = 0; k < n && found.length < 50; k++) {
      var x = N[k];
      if (x[2].toLowerCase().indexOf(q) >= 0 || x[0].toLowerCase().indexOf(q) >= 0 || x[5].toLowerCase().indexOf(q) >= 0)
        found.push([k, x[1] + " " + (x[2] || x[0]) + (x[5] ? "  " + x[5] : "")]);
    }
    D.people.forEach(function (p) {
      if (found.length >= 100 || p[1].toLowerCase().indexOf(q) < 0) return;
      p[3].forEach(function (a) {
        found.push([a, "person " + p[1] + " (by " + p[2] + ")  →  " + (N[a][2] || N[a][0])]);
      });
    });
    if (!found.length) { add(results, el("span", "muted", "nothing matches")); return; }
    found.forEach(function (f) {
      var b = el("button", null, f[1]);
      b.dataset.node = String(f[0]);
      results.appendChild(b);
    });
  }
  searchBox.addEventListener("input", search);
  results.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (b) show(+b.dataset.node);
  });

  // ---------------------------------------------------------------- findings
  var F = D.findings, rules = new Map();
  D.rules.forEach(function (r) { rules.set(r.id, r); });
  var box = document.getElementById("findings");
  var filters = {};
  function filterSelect(name, label, values) {
    var s = el("select");
    s.setAttribute("aria-label", label);
    s.dataset.filter = name;
    option(s, "", label + ": all");
    values.forEach(function (v) { option(s, v[0], v[1]); });
    filters[name] = s;
    return s;
  }
  function distinct(f) {
    var seen = new Set();
    F.forEach(function (x) { var v = f(x); if (v !== null && v !== undefined) seen.add(v); });
    return Array.from(seen).sort();
  }
  var text = el("input");
  text.type = "search";
  text.placeholder = "filter findings";
  text.setAttribute("aria-label", "filter findings by text");
  var fcontrols = add(el("div", "controls"),
    filterSelect("sev", "severity", SEVS.map(function (s) { return [s, s]; })),
    filterSelect("rule", "rule", distinct(function (f) { return f.rule; }).map(function (r) { return [r, r + " " + (rules.has(r) ? rules.get(r).name : "")]; })),
    filterSelect("family", "family", distinct(function (f) { return f.family; }).map(function (v) { return [v, v]; })),
    filterSelect("account", "account", distinct(function (f) { return f.account; }).map(function (v) { return [v, v]; })),
    D.baseline === null ? null : filterSelect("status", "baseline", [["new", "new"], ["known", "known"]]),
    filterSelect("waived", "waivers", [["open", "open"], ["waived", "waived"]]),
    text);
  var count = el("div", "muted");
  var table = el("table", "list"), head = el("thead"), body = el("tbody");
  table.id = "findings-table";
  var hr = el("tr");
  ["severity", "rule", "resource", "account", "Region", "message"].forEach(function (h) { hr.appendChild(el("th", null, h)); });
  add(table, add(head, hr), body);
  var detail = el("div");
  detail.id = "detail";
  add(box, el("h2", null, "Findings"), fcontrols, count, add(el("div", "tablewrap"), table), detail);
  add(detail, el("p", "muted", "Choose a finding to see its evidence path in the drawing, the rule and the lines a fix changes."));

  var shownRows = ROW_LIMIT, selected = -1;
  function passes(f) {
    var v = function (name) { return filters[name] ? filters[name].value : ""; };
    if (v("sev") && f.sev !== v("sev")) return false;
    if (v("rule") && f.rule !== v("rule")) return false;
    if (v("family") && f.family !== v("family")) return false;
    if (v("account") && f.account !== v("account")) return false;
    if (v("status") && (f.new ? "new" : "known") !== v("status")) return false;
    if (v("waived") && (f.waiver === null ? "open" : "waived") !== v("waived")) return false;
    var q = text.value.trim().toLowerCase();
    if (q && (f.message + " " + f.resource + " " + f.label + " " + f.rule).toLowerCase().indexOf(q) < 0) return false;
    return true;
  }
  function table_() {
    var rows = [], matched = 0;
    for (var k = 0; k < F.length; k++) {
      var f = F[k];
      if (!passes(f)) continue;
      matched++;
      if (rows.length >= shownRows) continue;
      var tr = el("tr");
      tr.dataset.finding = String(k);
      if (k === selected) tr.className = "selected";
      var first = add(el("td"), sevBadge(f.sev));
      if (f.new === true) add(first, el("span", "flag new", "new"));
      if (f.waiver !== null) add(first, el("span", "flag waived", "waived"));
      add(tr, first, el("td", null, f.rule), el("td", null, f.label), el("td", null, f.account || ""),
        el("td", null, f.region || ""), el("td", "msg", f.message));
      rows.push(tr);
    }
    body.replaceChildren.apply(body, rows);
    count.textContent = matched + " of " + F.length + " findings" + (matched > rows.length ? ", " + rows.length + " shown" : "");
    if (matched > rows.length) {
      var more = el("button", "more", "show more findings");
      more.id = "more-findings";
      var tr = add(el("tr"), add(el("td"), more));
      body.appendChild(tr);
    }
  }
  fcontrols.addEventListener("change", function () { shownRows = ROW_LIMIT; table_(); });
  text.addEventListener("input", function () { shownRows = ROW_LIMIT; table_(); });
  body.addEventListener("click", function (e) {
    if (e.target.id === "more-findings") { shownRows += ROW_LIMIT; table_(); return; }
    var tr = e.target.closest("tr");
    if (tr && tr.dataset.finding) choose(+tr.dataset.finding);
  });

  function excerpt(file, line) {
    if (line === null) return null;
    var x = excerpts.get(file + ":" + line);
    return x === undefined ? null : el("pre", null, x);
  }
  var excerpts = new Map();
  D.excerpts.forEach(function (x) { excerpts.set(x[0] + ":" + x[1], x[2]); });

  function chain(steps, snapshot) {
    var c = el("div", "chain");
    steps.forEach(function (s, j) {
      if (j) add(c, el("span", "muted", "→"));
      var b = el("span", "step", s[1]);
      b.title = s[0] + "  (" + where(s[2], s[3]) + ")";
      c.appendChild(b);
    });
    return c;
  }
  function choose(k) {
    selected = k;
    var f = F[k], rule = rules.get(f.rule) || { title: "", description: "", actions: [], references: [], name: "" };
    onPath.clear();
    hits.clear();
    var mark = function (id) { var j = nodeOf(f.snapshot, id); if (j >= 0) { onPath.add(j); reveal(j); } };
    if (f.snapshot >= 0) {
      f.paths.forEach(function (p) { p.forEach(function (s) { mark(s[0]); }); });
      f.examples.forEach(function (s) { mark(s[0]); });
      mark(f.resource);
      if (f.account !== null) {
        var a = accountByKey.get(f.snapshot + "\u0000" + f.account);
        if (a !== undefined) { onPath.add(a); reveal(a); }
      }
    }
    visible = null;
    regionSel.value = "";
    zoneSel.value = "";
    draw();
    strip.replaceChildren();
    if (f.paths.length) {
      add(strip, el("span", "muted", "evidence:"));
      f.paths[0].forEach(function (s, j) {
        if (j) add(strip, el("span", "muted", "→"));
        var b = el("span", "step", s[1]);
        var node = nodeOf(f.snapshot, s[0]);
        if (node >= 0) b.dataset.node = String(node);
        strip.appendChild(b);
      });
      if (f.paths.length > 1) add(strip, el("span", "muted", "(+" + (f.paths.length - 1) + " more paths)"));
    }
    var first = tree.querySelector(".row.on-path");
    if (first) first.scrollIntoView({ block: "nearest" });
    table_();

    detail.replaceChildren();
    add(detail, add(el("h3"), sevBadge(f.sev), document.createTextNode(" " + f.rule + " " + rule.title)));
    add(detail, el("p", null, f.message));
    add(detail, el("p", "muted", "resource: " + f.resource));
    if (f.waiver !== null) add(detail, el("p", null, "waived: " + f.waiver));
    add(detail, el("h3", null, "Evidence"));
    if (!f.paths.length && !f.examples.length) add(detail, el("p", "muted", "no evidence path"));
    f.paths.forEach(function (p) { detail.appendChild(chain(p, f.snapshot)); });
    if (f.examples.length) {
      add(detail, el("p", "muted", "examples:"));
      var ul = el("ul");
      f.examples.forEach(function (s) { add(ul, el("li", null, s[1] + "  (" + where(s[2], s[3]) + ")")); });
      detail.appendChild(ul);
    }
    add(detail, el("h3", null, "Where it is written"));
    add(detail, el("p", null, where(f.file, f.line)), excerpt(f.file, f.line));
    if (f.related.length) {
      add(detail, el("h3", null, "What a fix would change in the config"));
      f.related.forEach(function (r) { add(detail, el("p", null, where(r[0], r[1]) + "  " + r[2]), excerpt(r[0], r[1])); });
    }
    if (f.properties.length) {
      var pt = el("table", "list");
      f.properties.forEach(function (kv) { add(pt, add(el("tr"), el("td", null, kv[0]), el("td", null, kv[1]))); });
      add(detail, el("h3", null, "Details"), pt);
    }
    add(detail, el("h3", null, "Rule"), el("p", null, rule.description));
    if (rule.actions.length) {
      var ol = el("ol");
      rule.actions.forEach(function (a) { ol.appendChild(el("li", null, a)); });
      add(detail, el("h3", null, "Recommended actions"), ol);
    }
    if (rule.references.length) {
      var refs = el("ul");
      rule.references.forEach(function (r) {
        var li = el("li");
        if (/^https:\/\/[^\s]+$/i.test(r[0])) {
          var a = el("a", null, r[1] || r[0]);
          a.href = r[0];
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          add(li, a, el("span", "muted", "  " + r[0]));
        } else add(li, el("span", null, (r[1] ? r[1] + "  " : "") + r[0]));
        refs.appendChild(li);
      });
      add(detail, el("h3", null, "AWS references"), refs);
    }
  }
  strip.addEventListener("click", function (e) {
    var s = e.target.closest(".step");
    if (s && s.dataset.node) {
      var r = tree.querySelector('[data-node="' + s.dataset.node + '"]');
      if (r) r.scrollIntoView({ block: "center" });
    }
  });

  // ---------------------------------------------------------------- summary
  function bars(items, cls) {  // items: [label, value, class]
    var max = Math.max.apply(null, items.map(function (x) { return x[1]; }).concat([1]));
    var h = 18 * items.length + 4, s = svg("svg", { class: "chart", width: 330, height: h, viewBox: "0 0 330 " + h, role: "img" });
    items.forEach(function (x, j) {
      var y = 18 * j + 2, w = Math.round(140 * x[1] / max);
      s.appendChild(svg("text", { x: 0, y: y + 12 }, x[0]));
      s.appendChild(svg("rect", { x: 140, y: y, width: Math.max(w, x[1] ? 2 : 0), height: 14, class: x[2] || cls || "bar" }));
      s.appendChild(svg("text", { x: 146 + w, y: y + 12 }, x[1]));
    });
    return s;
  }
  var summary = document.getElementById("summary");
  var open = F.filter(function (f) { return f.waiver === null; });
  var bySev = SEVS.map(function (s) { return [s, open.filter(function (f) { return f.sev === s; }).length, "bar-" + s]; });
  var families = distinct(function (f) { return f.family; });
  var byFamily = families.map(function (fam) { return [fam, open.filter(function (f) { return f.family === fam; }).length]; });
  var s1 = add(el("div"), el("h2", null, "Open findings"), el("div", "big", open.length),
    el("div", "muted", (F.length - open.length) + " waived"), bars(bySev));
  s1.id = "summary-severity";
  var s2 = add(el("div"), el("h2", null, "By family"), bars(byFamily));
  var cost = new Map();
  F.forEach(function (f) {
    if (f.rule !== "QC501") return;
    var props = new Map(f.properties), v = parseFloat(props.get("extra_monthly_cost_up_to") || "0");
    var cur = props.get("currency") || D.price[1];
    if (!isNaN(v)) cost.set(cur, (cost.get(cur) || 0) + v);
  });
  var costs = Array.from(cost.entries()).sort();
  var s3 = add(el("div"), el("h2", null, "Duplicate subscriptions (QC501)"),
    el("div", "big", costs.length ? costs.map(function (c) { return c[1].toFixed(2) + " " + c[0]; }).join(" + ") : "0"),
    el("div", "muted", "a month at most, over " + F.filter(function (f) { return f.rule === "QC501"; }).length +
      " people (Q Developer Pro at " + D.price[0] + " " + D.price[1] + " per user and month)"));
  s3.id = "summary-cost";
  var facts = D.snapshots.map(function (s) { return [s.organization || s.path, s.declared, s.observed]; });
  var s4 = add(el("div"), el("h2", null, "Facts: declared vs observed"));
  facts.forEach(function (x) {
    add(s4, el("div", "muted", x[0]), bars([["observed (AWS)", x[2], "bar-observed"], ["declared (qcheck.yaml)", x[1], "bar-declared"]]));
  });
  var s5 = add(el("div"), el("h2", null, "Not judged: unknowns and gaps"));
  s5.id = "summary-unknowns";
  var unknownsBox = document.getElementById("unknowns");
  if (!D.unknowns.length) {
    add(s5, el("p", "muted", "none: every fact was read"));
    unknownsBox.hidden = true;
  } else {
    add(s5, el("div", "big", D.unknowns.length));
    var groups = new Map();  // what could not be read -> [count, rules not judged]
    D.unknowns.forEach(function (u) {
      var g = groups.get(u[1]) || [0, new Set()];
      g[0]++;
      u[4].forEach(function (r) { g[1].add(r); });
      groups.set(u[1], g);
    });
    var gt = el("table"), gh = el("tr");
    ["what", "how many", "rules not judged"].forEach(function (h) { gh.appendChild(el("th", null, h)); });
    gt.appendChild(gh);
    Array.from(groups.keys()).sort().forEach(function (k) {
      var g = groups.get(k);
      add(gt, add(el("tr"), el("td", null, k), el("td", null, g[0]), el("td", null, Array.from(g[1]).sort().join(" "))));
    });
    add(s5, gt, el("p", "muted", "each one, and why, below the findings"));
    var ut = el("table", "list"), uh = el("tr");
    ["what", "resource", "why", "rules not judged"].forEach(function (h) { uh.appendChild(el("th", null, h)); });
    add(ut, add(el("thead"), uh));
    var ub = el("tbody");
    D.unknowns.slice(0, 1000).forEach(function (u) {
      add(ub, add(el("tr"), el("td", null, u[1]), el("td", null, u[2]), el("td", "msg", u[3]), el("td", null, u[4].join(" "))));
    });
    add(ut, ub);
    add(unknownsBox, el("h2", null, "Not judged: what could not be read, and why"), add(el("div", "tablewrap"), ut));
    if (D.unknowns.length > 1000) add(unknownsBox, el("p", "muted", (D.unknowns.length - 1000) + " more (all are QC905 or QC901 findings)"));
  }
  add(summary, s1, s2, s3, s4, s5);
  if (D.baseline !== null) {
    var s6 = add(el("div"), el("h2", null, "Against the baseline"));
    s6.id = "summary-baseline";
    var fresh = F.filter(function (f) { return f.new === true; }).length;
    add(s6, bars([["new", fresh, "bar-high"], ["known", F.length - fresh, "bar"], ["resolved", D.resolved.length, "bar-observed"]]));
    if (D.resolved.length) {
      var rt = el("table");
      D.resolved.slice(0, 50).forEach(function (r) {
        add(rt, add(el("tr"), add(el("td"), sevBadge(RANK[r[1]] === undefined ? "" : r[1])), el("td", null, r[0]), el("td", null, r[3])));
      });
      add(s6, el("h3", null, "Resolved"), rt);
    }
    add(summary, s6);
  }
  if (D.filtered.length) {  // rules the filters left out: not evaluated, so not in the findings
    var s7 = add(el("div"), el("h2", null, "Rules not evaluated"));
    s7.id = "summary-filtered";
    var ft = el("table");
    D.filtered.forEach(function (r) {
      add(ft, add(el("tr"), el("td", null, r[0]), el("td", null, r[1]), el("td", "msg", r[2])));
    });
    add(s7, el("p", "muted", "left out by the rule filters: their findings, if any, are not in this report"), ft);
    add(summary, s7);
  }

  // ---------------------------------------------------------------- header
  var top = document.getElementById("top");
  var meta = el("div", "meta");
  D.snapshots.forEach(function (s) {
    add(meta, el("span", null, "snapshot " + s.path + (s.collectedAt ? " collected " + s.collectedAt : "")));
  });
  add(meta, el("span", null, "as of " + D.asOf), el("span", null, "config " + (D.config || "none")));
  if (D.baseline !== null) add(meta, el("span", null, "baseline " + D.baseline));
  add(meta, el("span", null, "qcheck " + D.tool));
  add(top, el("h1", null, "qcheck audit report: " + D.snapshots.map(function (s) { return s.organization || s.path; }).join(", ")), meta);

  draw();
  table_();
  document.documentElement.setAttribute("data-render-ms", String(Math.round(performance.now() - started)));
})();
