/* Cluster directory: filters and sorting.

   The page lists every cluster, grouped by level, without this script. The script
   shows the filter form, hides the rows that do not match and the groups left
   empty, sorts the rows within each group and keeps the choice in the query
   string (?level=gce&county=vestland&sector=energy&year=2015&sort=members), so a
   filtered view can be linked and survives a reload. Values it does not know are
   ignored. It runs only on a page with the directory, loads nothing and needs no
   library. */
(function () {
  "use strict";

  var FILTERS = ["level", "county", "sector", "year"];

  function toArray(list) { return Array.prototype.slice.call(list); }
  function words(value) { return value ? value.split(" ") : []; }
  // The messages come from the page, in its language (data-msg-* on the directory,
  // from the site's message catalogue); {n}, {clusters} and {shown} are filled in here.
  var MESSAGES = {
    one: "{n} cluster", many: "{n} clusters", all: "Showing all {clusters}.",
    none: "Showing 0 of {clusters}: none matches all these filters.",
    some: "Showing {shown} of {clusters}.", group: "{shown} of {clusters} shown"
  };
  function message(name, values) {
    return MESSAGES[name].replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }
  function clusters(n) { return message(n === 1 ? "one" : "many", { n: n }); }
  function size(row) { return row.dataset.members === "" ? -1 : Number(row.dataset.members); }
  function compareText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  var ORDERS = {
    name: function () { return 0; },
    year: function (a, b) { return compareText(a.dataset.since, b.dataset.since); },
    "year-desc": function (a, b) { return compareText(b.dataset.since, a.dataset.since); },
    members: function (a, b) { return size(b) - size(a); } // unknown sizes last
  };

  function matches(row, state) {
    return (!state.level || row.dataset.level === state.level) &&
      (!state.county || row.dataset.county === state.county) &&
      (!state.sector || words(row.dataset.sectors).indexOf(state.sector) >= 0) &&
      (!state.year || words(row.dataset.years).indexOf(state.year) >= 0);
  }

  function setup() {
    var root = document.querySelector("[data-nce-directory]");
    var form = root && root.querySelector("[data-nce-directory-form]");
    if (!form || root.hasAttribute("data-nce-ready")) return;
    root.setAttribute("data-nce-ready", "");
    Object.keys(MESSAGES).forEach(function (name) {
      var given = root.getAttribute("data-msg-" + name);
      if (given) MESSAGES[name] = given;
    });
    // Created here, not at load: building a collator costs time on every page.
    var collator = new Intl.Collator("nb", { sensitivity: "base", numeric: true });

    var names = FILTERS.concat("sort");
    var status = form.querySelector("[data-nce-directory-status]");
    var sections = toArray(root.querySelectorAll("section[data-group]"));
    var total = root.querySelectorAll("tr[data-slug]").length;

    function select(name) { return form.elements[name]; }

    function byName(a, b) { return collator.compare(a.dataset.name, b.dataset.name); }

    function state() {
      var current = {};
      names.forEach(function (name) { current[name] = select(name).value; });
      return current;
    }

    // Take each control's value from the query string if it is one of its options.
    function read() {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        var control = select(name);
        var wanted = params.get(name);
        var known = toArray(control.options).some(function (o) { return o.value === wanted; });
        control.value = known ? wanted : control.options[0].value;
      });
    }

    // Put the state in the query string, keeping any other parameters and the fragment.
    function write(current) {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        if (current[name] && current[name] !== select(name).options[0].value) params.set(name, current[name]);
        else params.delete(name);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      // The language switcher takes the choice to the same view in the other language.
      window.dispatchEvent(new CustomEvent("nce:query", { detail: query ? "?" + query : "" }));
      try {
        window.history.replaceState(window.history.state, "", url);
      } catch (error) {
        // A browser that refuses to change this URL (from disk, say) still filters.
      }
    }

    function inNameOrder(rows) {
      for (var i = 1; i < rows.length; i += 1) {
        if (byName(rows[i - 1], rows[i]) > 0) return false;
      }
      return true;
    }

    // `first` is the update on load: with no filter and the default order, the rows
    // are left as the page was served (all shown, sorted by name) rather than
    // re-appended one by one, which would block the main thread on a long list.
    function update(save, first) {
      var current = state();
      var order = ORDERS[current.sort] || ORDERS.name;
      var asServed = first && order === ORDERS.name &&
        FILTERS.every(function (name) { return current[name] === ""; });
      var shown = 0;
      FILTERS.forEach(function (name) { select(name).classList.toggle("nce-dir-active", current[name] !== ""); });
      sections.forEach(function (section) {
        var body = section.querySelector("tbody");
        var rows = toArray(body.rows);
        var visible = 0;
        if (asServed && inNameOrder(rows)) {
          visible = rows.length;
        } else {
          rows.sort(function (a, b) { return order(a, b) || byName(a, b); });
          rows.forEach(function (row) {
            row.hidden = !matches(row, current);
            if (!row.hidden) visible += 1;
            body.appendChild(row);
          });
        }
        section.hidden = visible === 0;
        var count = section.querySelector("[data-nce-group-count]");
        if (count) {
          var all = rows.length;
          count.textContent = visible === all ? clusters(all) : message("group", { shown: visible, clusters: clusters(all) });
        }
        shown += visible;
      });
      if (shown === total) status.textContent = message("all", { clusters: clusters(total) });
      else if (shown === 0) status.textContent = message("none", { clusters: clusters(total) });
      else status.textContent = message("some", { shown: shown, clusters: clusters(total) });
      if (save) write(current);
    }

    read();
    form.hidden = false;
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector("[data-nce-directory-reset]").addEventListener("click", function () {
      FILTERS.forEach(function (name) { select(name).value = ""; });
      update(true);
    });
    update(false, true);
  }

  // Material's document$ announces each page, also after instant navigation.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
