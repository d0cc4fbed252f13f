/* catalog-lint dashboard. Reads the JSON in #data and draws every table and chart.
 * Everything in the data came from reports: it reaches the page only as text
 * (textContent, createTextNode, setAttribute), never as markup, and a link only when
 * it is an http(s) address.
 *
 * Data: title, tool, summary, complete; cards [{id, title, levels, rules: [[id, title,
 * level, fix]]}]; repos [{name, url, files, entities, findings, levels, dangling, checked,
 * commit, reports, notes, kind}]; names (teams, systems, domains, owners), titles
 * {ref: title}, relations (names), kinds; entities: rows [ref, title, kind#, repo#, file,
 * line, linked, owner#, team#, system#, domain#, scores (per card: null or [rank,
 * [rule#...]]), errors, warnings, links [relation#, target (entity# or reference)...]];
 * maturity, failing, dora, dangling, duplicates, owners, trends, skipped, limit.
 */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("data").textContent);
  var E = D.entities;
  var REF = 0, TITLE = 1, KIND = 2, REPO = 3, FILE = 4, LINE = 5, LINKED = 6, OWNER = 7,
      TEAM = 8, SYSTEM = 9, SCORES = 11, ERRORS = 12, WARNINGS = 13, LINKS = 14;
  var NOT_SCORED = "(not scored)";
  var state = { card: 0, sort: "level", dir: 1, page: 0, size: 50, view: [] };
  var haystack = null;
  var refIndex = null;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) { return; }
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) { return; }
      if (key === "text") { node.textContent = String(value); }
      else if (key === "href") { var safe = safeUrl(value); if (safe) { node.setAttribute("href", safe); } }
      else { node.setAttribute(key, String(value)); }
    });
  }

  function append(node, children) {
    if (children === null || children === undefined) { return; }
    if (!Array.isArray(children)) { children = [children]; }
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }

  function safeUrl(value) {
    if (typeof value !== "string") { return null; }
    try {
      var url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") ? url.href : null;
    } catch (error) { return null; }
  }

  function link(text, url, attrs) {
    var safe = safeUrl(url);
    if (!safe) { return el("span", attrs, text); }
    var a = el("a", attrs, text);
    a.setAttribute("href", safe);
    a.setAttribute("rel", "noopener noreferrer");
    return a;
  }

  function fileUrl(row) {
    var repo = D.repos[row[REPO]];
    if (!row[LINKED] || !repo.files || !safeUrl(repo.files)) { return null; }
    var path = String(row[FILE]).split("/").map(encodeURIComponent).join("/");
    return safeUrl(repo.files + path + "#L" + row[LINE]);
  }

  function nameOf(index) { return index < 0 ? "" : D.names[index]; }
  function titled(ref) { var title = D.titles[ref]; return title ? title + " (" + ref + ")" : ref; }
  var NUMBER = new Intl.NumberFormat("en");  // one formatter: toLocaleString makes one per call
  function fmt(n) { return typeof n === "number" ? NUMBER.format(n) : "-"; }

  function card() { return D.cards[state.card]; }

  function levelClass(rank, levels) {
    if (rank < 0) { return "l7"; }
    var top = Math.max(1, levels.length - 1);
    return "l" + Math.round(rank * 4 / top);
  }

  function levelBadge(rank, levels) {
    if (rank < 0) { return el("span", { "class": "muted" }, NOT_SCORED); }
    return el("span", { "class": "level " + levelClass(rank, levels) }, levels[rank] || String(rank));
  }

  var FIRST_ROWS = 200;

  /* Rows made from items only when shown: a table of 5,000 repositories makes 200 rows. */
  function lazy(items, toCells) {
    return { length: items.length, slice: function (start, end) { return items.slice(start, end).map(toCells); } };
  }

  /* A table of the first FIRST_ROWS rows, and a button that adds the rest: a page with
   * thousands of repositories stays quick to open. */
  function table(headers, rows, caption, numeric) {
    var holder = el("div");
    var t = tableOf(headers, rows.slice(0, FIRST_ROWS), caption, numeric);
    holder.appendChild(t);
    if (rows.length > FIRST_ROWS) {
      var more = el("button", { type: "button" }, "Show all " + fmt(rows.length) + " rows");
      more.addEventListener("click", function () {
        holder.replaceChild(tableOf(headers, rows.slice(0, rows.length), caption, numeric), t);
        more.remove();
      });
      holder.appendChild(more);
    }
    return holder;
  }

  function tableOf(headers, rows, caption, numeric) {
    var t = el("table");
    if (caption) { t.appendChild(el("caption", { "class": "visually-hidden" }, caption)); }
    var head = el("tr");
    headers.forEach(function (h, i) {
      head.appendChild(el("th", { scope: "col", "class": numeric && numeric[i] ? "num" : null }, h));
    });
    t.appendChild(el("thead", null, head));
    var body = el("tbody");
    rows.forEach(function (cells) {
      var tr = el("tr");
      cells.forEach(function (cell, i) {
        tr.appendChild(el(i === 0 ? "th" : "td",
          { scope: i === 0 ? "row" : null, "class": numeric && numeric[i] ? "num" : null }, cell));
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  // -- summary -------------------------------------------------------------------------

  function drawSummary() {
    var c = card();
    var m = D.maturity[c.id];
    $("card-description").textContent = c.title + ": entities per level" +
      (m && sum(m.repositories) ? "; the repositories' own levels below each count" : "");
    var tiles = clear($("tiles"));
    if (!m) { tiles.appendChild(el("p", null, "Nothing was scored on this scorecard.")); return; }
    c.levels.forEach(function (level, rank) {
      tiles.appendChild(el("div", { "class": "tile" }, [
        el("span", { "class": "swatch " + levelClass(rank, c.levels), "aria-hidden": "true" }),
        level,
        el("span", { "class": "n" }, fmt(m.entities[level] || 0)),
        m.repositories[level] ? el("span", { "class": "muted" }, fmt(m.repositories[level]) +
          (m.repositories[level] === 1 ? " repository" : " repositories")) : null
      ]));
    });
  }

  function sum(counts) {
    return Object.keys(counts || {}).reduce(function (total, key) { return total + counts[key]; }, 0);
  }

  function drawFacts() {
    var s = D.summary;
    var facts = clear($("facts"));
    [[s.repositories, "repositories"], [s.entities, "entities"],
     [s.references, "references"], [s.cross_repository, "across repositories"],
     [s.dangling, "dangling" + (D.complete ? " (errors)" : "")],
     [s.duplicates, "defined in two repositories"], [s.owners, "owners"],
     [s.skipped, "reports skipped"]].forEach(function (item) {
      facts.appendChild(el("li", null, [el("strong", null, fmt(item[0])), " " + item[1]]));
    });
    $("subtitle").textContent = fmt(s.repositories) + " repositories, " + fmt(s.entities) +
      " entities, from " + fmt(s.reports) + " reports";
    $("footer").textContent = "Made by " + D.tool + " from the reports of each repository's CI.";
  }

  // -- levels per team -------------------------------------------------------------------

  var CHART_TEAMS = 25;

  function drawTeams() {
    var c = card();
    var m = D.maturity[c.id];
    var holder = clear($("team-chart"));
    var tableHolder = clear($("team-table"));
    if (!m || !Object.keys(m.by_team).length) { holder.appendChild(el("p", null, "No entity was scored on this scorecard.")); return; }
    var teams = Object.keys(m.by_team);
    var shown = teams.slice(0, CHART_TEAMS);
    var max = 1;
    shown.forEach(function (team) { max = Math.max(max, sum(m.by_team[team])); });
    var labelWidth = 300, barWidth = 560, row = 24, width = labelWidth + barWidth + 70;
    var height = shown.length * row + 10;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img", "aria-label": "Entities per level for the " + shown.length + " largest teams on " + c.title + "; the table below has the numbers" });
    shown.forEach(function (team, i) {
      var y = i * row + 4;
      var counts = m.by_team[team];
      chart.appendChild(svg("text", { x: labelWidth - 8, y: y + 15, "text-anchor": "end" }, shorten(titled(team), 44)));
      var x = labelWidth;
      c.levels.forEach(function (level, rank) {
        var n = counts[level] || 0;
        if (!n) { return; }
        var w = Math.max(1, n / max * barWidth);
        chart.appendChild(svg("rect", { x: x, y: y, width: w, height: row - 6, "class": levelClass(rank, c.levels) },
          svg("title", null, team + ": " + n + " at " + level)));
        x += w;
      });
      chart.appendChild(svg("text", { x: x + 6, y: y + 15, "class": "label-muted" }, fmt(sum(counts))));
    });
    holder.appendChild(legend(c.levels));
    holder.appendChild(chart);
    if (teams.length > shown.length) {
      holder.appendChild(el("p", { "class": "muted" }, (teams.length - shown.length) + " smaller teams are in the table"));
    }
    var rows = teams.map(function (team) {
      var counts = m.by_team[team];
      return [titled(team), fmt(sum(counts))].concat(c.levels.map(function (level) { return fmt(counts[level] || 0); }));
    });
    tableHolder.appendChild(table(["Team", "Entities"].concat(c.levels), rows, "Entities per level per team",
      [false, true].concat(c.levels.map(function () { return true; }))));
  }

  function legend(levels) {
    var list = el("ul", { "class": "legend" });
    levels.forEach(function (level, rank) {
      list.appendChild(el("li", null, [el("span", { "class": "swatch level " + levelClass(rank, levels), "aria-hidden": "true" }, "\u00a0"), " " + level]));
    });
    return list;
  }

  function shorten(text, limit) { return text.length > limit ? text.slice(0, limit - 1) + "…" : text; }

  // -- the entity table --------------------------------------------------------------------

  var COLUMNS = [
    ["entity", "Entity"], ["kind", "Kind"], ["repo", "Repository"], ["team", "Team"],
    ["system", "System"], ["level", "Level"], ["next", null], ["findings", "Findings"]
  ];

  function drawHead() {
    var head = clear($("entity-head"));
    COLUMNS.forEach(function (column) {
      var th = el("th", { scope: "col" });
      if (column[1] === null) {
        th.textContent = "Next level: what holds it back";
      } else {
        var button = el("button", { type: "button", "data-sort": column[0] }, column[1]);
        button.addEventListener("click", function () {
          if (state.sort === column[0]) { state.dir = -state.dir; } else { state.sort = column[0]; state.dir = 1; }
          state.page = 0;
          applyFilters();
        });
        th.appendChild(button);
        if (state.sort === column[0]) { th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending"); }
      }
      head.appendChild(th);
    });
  }

  function rankOf(row) {
    var score = row[SCORES][state.card];
    return score ? score[0] : -1;
  }

  function sortKey(row) {
    switch (state.sort) {
      case "kind": return D.kinds[row[KIND]];
      case "repo": return D.repos[row[REPO]].name;
      case "team": return nameOf(row[TEAM]);
      case "system": return nameOf(row[SYSTEM]);
      case "level": var rank = rankOf(row); return rank < 0 ? 1e9 : rank;  // unscored last
      case "findings": return row[ERRORS] * 1e6 + row[WARNINGS];
      default: return row[REF];
    }
  }

  function fillSelect(select, options, allLabel) {
    clear(select);
    select.appendChild(el("option", { value: "" }, allLabel));
    options.forEach(function (option) { select.appendChild(el("option", { value: option[0] }, option[1])); });
  }

  function countedOptions(column, labelOf) {
    var counts = {};
    E.forEach(function (row) { var key = row[column]; counts[key] = (counts[key] || 0) + 1; });
    return Object.keys(counts).map(Number).sort(function (a, b) {
      return counts[b] - counts[a] || (labelOf(a) < labelOf(b) ? -1 : 1);
    }).map(function (key) { return [String(key), labelOf(key) + " (" + counts[key] + ")"]; });
  }

  function fillFilters() {
    fillSelect($("f-repo"), countedOptions(REPO, function (i) { return D.repos[i].name; }), "All repositories");
    fillSelect($("f-team"), countedOptions(TEAM, function (i) { return i < 0 ? "(no team)" : titled(nameOf(i)); }), "All teams");
    fillSelect($("f-system"), countedOptions(SYSTEM, function (i) { return i < 0 ? "(no system)" : titled(nameOf(i)); }), "All systems");
    fillSelect($("f-kind"), countedOptions(KIND, function (i) { return D.kinds[i]; }), "All kinds");
    fillLevels();
  }

  function fillLevels() {
    var levels = card().levels.map(function (level, rank) { return [String(rank), level]; });
    levels.push(["-1", NOT_SCORED]);
    fillSelect($("f-level"), levels, "All levels");
  }

  function searchText(row) {
    return (row[REF] + "\n" + row[TITLE] + "\n" + row[FILE] + "\n" + nameOf(row[OWNER]) + "\n" +
      nameOf(row[TEAM]) + "\n" + nameOf(row[SYSTEM]) + "\n" + D.repos[row[REPO]].name).toLowerCase();
  }

  function applyFilters() {
    var query = $("q").value.trim().toLowerCase();
    var repo = $("f-repo").value, team = $("f-team").value, system = $("f-system").value,
        kind = $("f-kind").value, level = $("f-level").value;
    if (query && haystack === null) { haystack = E.map(searchText); }
    var view = [];
    for (var i = 0; i < E.length; i++) {
      var row = E[i];
      if (repo !== "" && row[REPO] !== Number(repo)) { continue; }
      if (team !== "" && row[TEAM] !== Number(team)) { continue; }
      if (system !== "" && row[SYSTEM] !== Number(system)) { continue; }
      if (kind !== "" && row[KIND] !== Number(kind)) { continue; }
      if (level !== "" && rankOf(row) !== Number(level)) { continue; }
      if (query && haystack[i].indexOf(query) < 0) { continue; }
      view.push(i);
    }
    var keys = new Array(E.length);
    view.forEach(function (i) { keys[i] = sortKey(E[i]); });
    var dir = state.dir;
    view.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      if (x < y) { return -dir; }
      if (x > y) { return dir; }
      return E[a][REF] < E[b][REF] ? -1 : 1;
    });
    state.view = view;
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    state.page = Math.min(state.page, pages - 1);
    drawHead();
    drawRows();
  }

  function drawRows() {
    var body = clear($("entity-rows"));
    var c = card();
    var start = state.page * state.size;
    var slice = state.view.slice(start, start + state.size);
    slice.forEach(function (index) {
      var row = E[index];
      var url = fileUrl(row);
      var where = row[FILE] + ":" + row[LINE];
      var entityCell = el("th", { scope: "row" }, [
        row[TITLE] ? el("div", null, row[TITLE]) : null,
        el("code", null, row[REF]), el("br"),
        link(where, url, { "class": "muted mono" })
      ]);
      var score = row[SCORES][state.card];
      var next = el("td");
      if (score && score[1].length) {
        var list = el("ul", { "class": "rules" });
        score[1].forEach(function (ruleIndex) {
          var rule = c.rules[ruleIndex];
          list.appendChild(el("li", null, [el("strong", null, rule[1]), " ", el("code", null, rule[0]),
            rule[3] ? el("div", { "class": "fix" }, rule[3]) : null]));
        });
        next.appendChild(list);
      } else if (score) {
        next.textContent = score[0] === c.levels.length - 1 ? "top level" : "-";
      }
      var findings = el("td", { "class": "num" }, row[ERRORS] || row[WARNINGS] ?
        [row[ERRORS] ? el("span", { "class": "bad" }, row[ERRORS] + " errors") : null,
         row[ERRORS] && row[WARNINGS] ? ", " : null,
         row[WARNINGS] ? row[WARNINGS] + " warnings" : null] : "0");
      body.appendChild(el("tr", { "data-ref": row[REF] }, [
        entityCell,
        el("td", null, D.kinds[row[KIND]]),
        el("td", null, link(D.repos[row[REPO]].name, D.repos[row[REPO]].url)),
        el("td", null, row[TEAM] < 0 ? "-" : titled(nameOf(row[TEAM]))),
        el("td", null, row[SYSTEM] < 0 ? "-" : titled(nameOf(row[SYSTEM]))),
        el("td", { "data-rank": rankOf(row) }, levelBadge(rankOf(row), c.levels)),
        next, findings
      ]));
    });
    var total = state.view.length;
    var pages = Math.max(1, Math.ceil(total / state.size));
    $("count").textContent = fmt(total) + " of " + fmt(E.length) + " entities" +
      (total ? "; showing " + fmt(start + 1) + "–" + fmt(start + slice.length) : "");
    $("p-where").textContent = "Page " + fmt(state.page + 1) + " of " + fmt(pages);
    $("p-first").disabled = $("p-prev").disabled = state.page === 0;
    $("p-next").disabled = $("p-last").disabled = state.page >= pages - 1;
  }

  function page(to) {
    var pages = Math.max(1, Math.ceil(state.view.length / state.size));
    state.page = Math.max(0, Math.min(pages - 1, to));
    drawRows();
  }

  // -- rules, DORA, repositories, problems, owners -----------------------------------------------

  function drawRules() {
    var holder = clear($("rule-table"));
    if (!D.failing.length) { holder.appendChild(el("p", null, "Every rule passes everywhere.")); return; }
    var titles = {};
    D.cards.forEach(function (c) { titles[c.id] = c.title; });
    holder.appendChild(table(["Rule", "Scorecard", "Level", "Holds back (entities)", "Holds back (repositories)", "Fails", "Unknown", "Fix"],
      lazy(D.failing, function (rule) {
        return [[el("strong", null, rule.title), " ", el("code", null, rule.rule)], titles[rule.scorecard] || rule.scorecard,
          rule.level, fmt(rule.holds_back), fmt(rule.repositories_held_back), fmt(rule.failing + rule.repositories_failing),
          fmt(rule.unknown), rule.fix];
      }), "Failing rules ranked by the entities they hold back", [false, false, false, true, true, true, true, false]));
  }

  var DORA_COLUMNS = [["deployments_per_week", "Deployments per week"], ["lead_time_median", "Lead time (median)"],
    ["lead_time_p90", "Lead time (p90)"], ["change_failure_rate", "Change failure rate"],
    ["time_to_restore_median", "Time to restore (median)"]];

  function figure(f) {  // [value, unit, tier]
    if (!f || f[0] === null || f[0] === undefined) { return "-"; }
    var text = f[1] === "ratio" ? Math.round(f[0] * 100) + "%" : f[1] === "hours" ? f[0] + " h" : String(f[0]);
    return f[2] ? text + " (" + f[2] + ")" : text;
  }

  function drawDora() {
    var holder = clear($("dora-table"));
    if (!D.dora.length) { holder.appendChild(el("p", null, "No report carries DORA figures.")); return; }
    holder.appendChild(table(["Repository", "Tier", "Window (days)"].concat(DORA_COLUMNS.map(function (c) { return c[1]; })),
      lazy(D.dora, function (row) {
        return [row.repository, row.tier ? row.tier : el("span", { title: row.reason }, "unknown"), row.window_days === null ? "-" : row.window_days]
          .concat(DORA_COLUMNS.map(function (c) { return figure(row.figures[c[0]]); }));
      }), "DORA figures per repository", [false, false, true, true, true, true, true, true]));
  }

  function drawRepos() {
    var holder = clear($("repo-table"));
    holder.appendChild(table(["Repository", "Entities", "Errors", "Warnings"].concat(D.cards.map(function (c) { return c.title; }))
      .concat(["Dangling", "Checked", "Commit", "Notes"]),
      lazy(D.repos, function (repo) {
        return [link(repo.name, repo.url), fmt(repo.entities), fmt(repo.findings.error || 0), fmt(repo.findings.warning || 0)]
          .concat(D.cards.map(function (c) { return repo.levels[c.id] || "-"; }))
          .concat([fmt(repo.dangling), (repo.checked || "-").slice(0, 10), el("code", null, (repo.commit || "-").slice(0, 12)),
            repo.notes.join("; ")]);
      }), "Repositories", [false, true, true, true].concat(D.cards.map(function () { return false; })).concat([true, false, false, false])));
  }

  function drawProblems() {
    var holder = clear($("problem-tables"));
    var s = D.summary;
    holder.appendChild(el("h3", null, "Defined in more than one repository (" + fmt(s.duplicates) + ")"));
    if (D.duplicates.length) {
      holder.appendChild(table(["Entity", "Definitions"], lazy(D.duplicates, function (item) {
        var places = el("ul", { "class": "rules" });
        item.definitions.forEach(function (d) {
          places.appendChild(el("li", null, [d.repository + " ", link(d.file + ":" + d.line, d.url, { "class": "mono" })]));
        });
        return [el("code", null, item.ref), places];
      }), "Entities defined in more than one repository"));
    } else { holder.appendChild(el("p", null, "None.")); }
    holder.appendChild(el("h3", null, "Dangling references (" + fmt(s.dangling) + ")"));
    if (D.dangling.length) {
      holder.appendChild(table(["Repository", "Entity", "Relation", "Target", "Did you mean", "Where"],
        lazy(D.dangling, function (item) {
          return [item.repository, el("code", null, item.entity), item.relation, el("code", { "class": item.severity === "error" ? "bad" : null }, item.target),
            item.suggestions.length ? item.suggestions.join(", ") : "-", link(item.file + ":" + item.line, item.url, { "class": "mono" })];
        }), "References that reach no entity of any repository"));
      if (s.dangling > D.dangling.length) {
        holder.appendChild(el("p", { "class": "muted" }, "The first " + fmt(D.dangling.length) + " are shown; catalog-lint org --format json lists all of them."));
      }
    } else { holder.appendChild(el("p", null, "None: every reference reaches an entity of some repository.")); }
  }

  function drawOwners() {
    var holder = clear($("owner-table"));
    var c = card();
    if (!D.owners.length) { holder.appendChild(el("p", null, "No entity names an owner.")); return; }
    holder.appendChild(table(["Owner", "Kind", "Defined in", "Entities"].concat(c.levels).concat([""]),
      lazy(D.owners, function (owner) {
        var counts = owner.levels[c.id] || {};
        var button = el("button", { type: "button" }, "Show its entities");
        button.addEventListener("click", function () { showOwner(owner.ref); });
        return [titled(owner.ref), owner.kind, owner.repository || el("span", { "class": "bad" }, "no report defines it"), fmt(owner.entities)]
          .concat(c.levels.map(function (level) { return fmt(counts[level] || 0); })).concat([button]);
      }), "Owners and the entities they own", [false, false, false, true].concat(c.levels.map(function () { return true; })).concat([false])));
  }

  function showOwner(ref) {
    $("filters").reset();
    var index = D.names.indexOf(ref);
    var teamOption = index >= 0 ? $("f-team").querySelector("option[value='" + index + "']") : null;
    if (teamOption) { $("f-team").value = String(index); } else { $("q").value = ref; }
    state.page = 0;
    applyFilters();
    $("entities-h").scrollIntoView();
    $("q").focus();
  }

  // -- trends ----------------------------------------------------------------------------------

  function drawTrends() {
    var holder = clear($("trend-body"));
    var t = D.trends;
    if (!t) { holder.appendChild(el("p", null, "Trends need reports of the same repository from at least two days.")); return; }
    var c = card();
    var section = t.levels[c.id];
    holder.appendChild(el("p", null, t.days[0] + " → " + t.days[t.days.length - 1] + ": " + t.days.length +
      " days with reports; " + fmt(t.repositories[0]) + " → " + fmt(t.repositories[t.repositories.length - 1]) +
      " repositories reporting"));
    if (section) {
      holder.appendChild(legend(section.levels));
      holder.appendChild(lineChart(t.days, section));
      holder.appendChild(el("details", null, [el("summary", null, "The chart as a table"),
        table(["Day", "Repositories"].concat(section.levels), t.days.map(function (day, i) {
          return [day, fmt(t.repositories[i])].concat(section.levels.map(function (level) { return fmt(section.series[i][level] || 0); }));
        }), "Entities per level per day")]));
    }
    if (t.rules.length) {
      holder.appendChild(el("h3", null, "Rules holding entities back, first day → last"));
      holder.appendChild(table(["Rule", "Scorecard", "First", "Last", "Change"], t.rules.map(function (rule) {
        return [[rule.title, " ", el("code", null, rule.rule)], rule.scorecard, fmt(rule.held_back[0]),
          fmt(rule.held_back[rule.held_back.length - 1]), (rule.change > 0 ? "+" : "") + rule.change];
      }), "How failing rules moved", [false, false, true, true, true]));
    }
    holder.appendChild(el("h3", null, "Entities whose level moved (" + fmt(t.moves_total) + ")"));
    if (t.moves.length) {
      holder.appendChild(table(["Entity", "Repository", "Scorecard", "From", "To", "Between"], lazy(t.moves, function (move) {
        return [el("code", null, move.entity), move.repository, move.scorecard, move.from,
          el("strong", { "class": move.change < 0 ? "bad" : null }, move.to), (move.since || "?") + " → " + (move.on || "?")];
      }), "Entities whose level moved between a repository's last two reports"));
    } else { holder.appendChild(el("p", null, "None between each repository's last two reports.")); }
  }

  function lineChart(days, section) {
    var width = 900, height = 260, left = 50, right = 20, top = 10, bottom = 40;
    var max = 1;
    section.series.forEach(function (counts) { section.levels.forEach(function (level) { max = Math.max(max, counts[level] || 0); }); });
    var x = function (i) { return left + (days.length === 1 ? 0 : i * (width - left - right) / (days.length - 1)); };
    var y = function (n) { return top + (height - top - bottom) * (1 - n / max); };
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img",
      "aria-label": "Entities per level from " + days[0] + " to " + days[days.length - 1] + "; the table below has the numbers" });
    chart.appendChild(svg("line", { x1: left, y1: y(0), x2: width - right, y2: y(0), "class": "axis" }));
    chart.appendChild(svg("text", { x: left - 6, y: y(max) + 4, "text-anchor": "end" }, fmt(max)));
    chart.appendChild(svg("text", { x: left - 6, y: y(0) + 4, "text-anchor": "end" }, "0"));
    chart.appendChild(svg("text", { x: x(0), y: height - 12 }, days[0]));
    chart.appendChild(svg("text", { x: x(days.length - 1), y: height - 12, "text-anchor": "end" }, days[days.length - 1]));
    section.levels.forEach(function (level, rank) {
      var points = section.series.map(function (counts, i) { return x(i) + "," + y(counts[level] || 0); }).join(" ");
      chart.appendChild(svg("polyline", { points: points, fill: "none", "stroke-width": 2.5, "class": levelClass(rank, section.levels) },
        svg("title", null, level)));
      section.series.forEach(function (counts, i) {
        chart.appendChild(svg("circle", { cx: x(i), cy: y(counts[level] || 0), r: 3.5, "class": levelClass(rank, section.levels) },
          svg("title", null, days[i] + ": " + (counts[level] || 0) + " at " + level)));
      });
    });
    var holder = el("div", { "class": "chart" });
    holder.appendChild(chart);
    return holder;
  }

  // -- the graph of one system ----------------------------------------------------------------------

  var NOT_DRAWN = { owner: 1, system: 1, domain: 1, memberOf: 1, parent: 1, children: 1, members: 1 };
  var COLUMN_LIMIT = 40;

  function fillSystems() {
    var counts = {};
    E.forEach(function (row) { if (row[SYSTEM] >= 0) { counts[row[SYSTEM]] = (counts[row[SYSTEM]] || 0) + 1; } });
    var systems = Object.keys(counts).map(Number).sort(function (a, b) { return counts[b] - counts[a] || (nameOf(a) < nameOf(b) ? -1 : 1); });
    var select = clear($("system"));
    systems.forEach(function (i) { select.appendChild(el("option", { value: i }, titled(nameOf(i)) + " (" + counts[i] + ")")); });
    if (!systems.length) { select.appendChild(el("option", { value: "" }, "(no system)")); select.disabled = true; }
  }

  function drawGraph() {
    var holder = clear($("graph-body"));
    var value = $("system").value;
    if (value === "") { holder.appendChild(el("p", null, "No entity belongs to a system.")); return; }
    var system = Number(value);
    if (refIndex === null) { refIndex = {}; E.forEach(function (row, i) { refIndex[row[REF]] = i; }); }
    var members = [];
    var isMember = {};
    E.forEach(function (row, i) { if (row[SYSTEM] === system) { members.push(i); isMember[i] = true; } });
    var uses = [], usedBy = [], seenUse = {}, seenUser = {}, edges = [];
    members.forEach(function (i) {
      var links = E[i][LINKS];
      for (var k = 0; k < links.length; k += 2) {
        var relation = D.relations[links[k]], target = links[k + 1];
        if (NOT_DRAWN[relation]) { continue; }
        var key = typeof target === "number" ? target : "?" + target;
        if (!(typeof target === "number" && isMember[target]) && !seenUse[key]) { seenUse[key] = true; uses.push(target); }
        edges.push([i, target, relation]);
      }
    });
    E.forEach(function (row, i) {
      if (isMember[i]) { return; }
      var links = row[LINKS];
      for (var k = 0; k < links.length; k += 2) {
        var target = links[k + 1];
        if (typeof target === "number" && isMember[target] && !NOT_DRAWN[D.relations[links[k]]]) {
          if (!seenUser[i]) { seenUser[i] = true; usedBy.push(i); }
          edges.push([i, target, D.relations[links[k]]]);
        }
      }
    });
    var columns = [usedBy, members, uses].map(function (list) { return list.slice(0, COLUMN_LIMIT); });
    var nodeW = 280, nodeH = 40, gapY = 10, colX = [10, 380, 750];
    var rows = Math.max(1, columns[0].length, columns[1].length, columns[2].length);
    var width = colX[2] + nodeW + 10, height = rows * (nodeH + gapY) + 40;
    var place = {};
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img",
      "aria-label": "Graph of " + nameOf(system) + ": " + members.length + " entities, " + usedBy.length + " using them, " + uses.length + " used" });
    ["Used by", "In the system", "Uses"].forEach(function (title, c) {
      chart.appendChild(svg("text", { x: colX[c], y: 16, "class": "label-muted" }, title + " (" + [usedBy, members, uses][c].length + ")"));
    });
    var keyOf = function (node) { return typeof node === "number" ? node : "?" + node; };
    columns.forEach(function (list, c) {
      list.forEach(function (node, r) {
        var k = keyOf(node);
        if (place[k]) { return; }
        place[k] = { x: colX[c], y: 28 + r * (nodeH + gapY), c: c };
      });
    });
    var edgeLayer = svg("g");
    var nodeLayer = svg("g");
    chart.appendChild(edgeLayer);
    chart.appendChild(nodeLayer);
    var drawn = [];
    edges.forEach(function (edge) {
      var from = place[keyOf(edge[0])], to = place[keyOf(edge[1])];
      if (!from || !to) { return; }
      var missing = typeof edge[1] !== "number";
      var cross = !missing && E[edge[0]][REPO] !== E[edge[1]][REPO];
      var x1 = from.x + nodeW, y1 = from.y + nodeH / 2, x2 = to.x, y2 = to.y + nodeH / 2;
      var d;
      if (from.c === to.c) { x2 = to.x + nodeW; d = "M" + x1 + "," + y1 + " C" + (x1 + 60) + "," + y1 + " " + (x2 + 60) + "," + y2 + " " + x2 + "," + y2; }
      else if (from.c > to.c) { x1 = from.x; x2 = to.x + nodeW; d = "M" + x1 + "," + y1 + " C" + (x1 - 50) + "," + y1 + " " + (x2 + 50) + "," + y2 + " " + x2 + "," + y2; }
      else { d = "M" + x1 + "," + y1 + " C" + (x1 + 50) + "," + y1 + " " + (x2 - 50) + "," + y2 + " " + x2 + "," + y2; }
      var source = E[edge[0]][REF], target = missing ? edge[1] : E[edge[1]][REF];
      edgeLayer.appendChild(svg("path", { d: d, "class": "g-edge" + (cross ? " cross" : "") + (missing ? " missing" : "") },
        svg("title", null, source + " → " + target + " (" + edge[2] + (cross ? ", across repositories" : "") + ")")));
      drawn.push([source, edge[2], target, missing ? "nothing defines it" : D.repos[E[edge[1]][REPO]].name]);
    });
    Object.keys(place).forEach(function (k) {
      var p = place[k];
      var missing = k.charAt(0) === "?";
      var row = missing ? null : E[Number(k)];
      var label = missing ? k.slice(1) : (row[TITLE] || row[REF]);
      var sub = missing ? "not defined in any report" : row[REF] + " · " + D.repos[row[REPO]].name;
      var group = svg("g", { "class": "g-node" + (missing ? " missing" : ""), transform: "translate(" + p.x + "," + p.y + ")" }, [
        svg("rect", { width: nodeW, height: nodeH, rx: 6, "class": missing ? null : "rc" + (row[REPO] % 8) }),
        svg("text", { x: 8, y: 16 }, shorten(label, 38)),
        svg("text", { x: 8, y: 32, "class": "label-muted" }, shorten(sub, 44)),
        svg("title", null, missing ? label + ": no repository defines it" : row[REF] + " in " + D.repos[row[REPO]].name)
      ]);
      nodeLayer.appendChild(group);
    });
    holder.appendChild(chart);
    var hidden = [usedBy, members, uses].reduce(function (n, list) { return n + Math.max(0, list.length - COLUMN_LIMIT); }, 0);
    if (hidden) { holder.appendChild(el("p", { "class": "muted" }, hidden + " more entities are not drawn (" + COLUMN_LIMIT + " per column)")); }
    holder.appendChild(el("details", null, [el("summary", null, "The graph as a table (" + drawn.length + " edges)"),
      table(["From", "Relation", "To", "Target's repository"], drawn, "Edges of the system graph")]));
  }

  // -- wiring ------------------------------------------------------------------------------------

  function drawCard() {
    drawSummary();
    drawTeams();
    fillLevels();
    drawOwners();
    drawTrends();
    applyFilters();
  }

  function init() {
    var cardSelect = $("card");
    D.cards.forEach(function (c, i) { cardSelect.appendChild(el("option", { value: i }, c.title)); });
    if (!D.cards.length) { cardSelect.appendChild(el("option", { value: "" }, "(no scorecard)")); cardSelect.disabled = true; }
    if (!D.cards.length) { D.cards.push({ id: "", title: "", levels: [], rules: [] }); }
    state.card = 0;
    cardSelect.addEventListener("change", function () { state.card = Number(cardSelect.value) || 0; state.page = 0; drawCard(); });
    drawFacts();
    fillFilters();
    ["f-repo", "f-team", "f-system", "f-kind", "f-level"].forEach(function (id) {
      $(id).addEventListener("change", function () { state.page = 0; applyFilters(); });
    });
    var timer = null;
    $("q").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.page = 0; applyFilters(); }, E.length > 20000 ? 150 : 0);
    });
    $("filters").addEventListener("submit", function (event) { event.preventDefault(); state.page = 0; applyFilters(); });
    $("filters").addEventListener("reset", function () { setTimeout(function () { state.page = 0; applyFilters(); }, 0); });
    $("p-first").addEventListener("click", function () { page(0); });
    $("p-prev").addEventListener("click", function () { page(state.page - 1); });
    $("p-next").addEventListener("click", function () { page(state.page + 1); });
    $("p-last").addEventListener("click", function () { page(Infinity); });
    $("p-size").addEventListener("change", function () { state.size = Number($("p-size").value) || 50; state.page = 0; drawRows(); });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        $("q").focus();
      }
    });
    fillSystems();
    $("system").addEventListener("change", drawGraph);
    drawRules();
    drawDora();
    drawRepos();
    drawProblems();
    drawCard();
    drawGraph();
    if (D.skipped.length) {
      $("skipped").hidden = false;
      D.skipped.forEach(function (item) { $("skipped-list").appendChild(el("li", null, [el("code", null, item.file), ": " + item.reason])); });
    }
    document.body.setAttribute("data-ready", String(Math.round(performance.now())));
  }

  init();
}());
