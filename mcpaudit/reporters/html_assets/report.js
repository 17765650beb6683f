// mcpaudit HTML report: filters over the findings. No network, no code or markup built from text:
// it only reads data attributes mcpaudit wrote (severity words and index keys) and toggles `hidden`.
(function () {
  "use strict";
  var RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
  var severity = document.getElementById("f-severity");
  var tool = document.getElementById("f-tool");
  var rule = document.getElementById("f-rule");
  var count = document.getElementById("f-count");
  var none = document.getElementById("f-none");
  if (!severity || !tool || !rule) { return; }
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("div.group"));

  function apply() {
    var shown = 0;
    findings.forEach(function (f) {
      var ok = (!severity.value || RANK[f.dataset.severity] >= RANK[severity.value]) &&
               (!tool.value || f.dataset.tool === tool.value) &&
               (!rule.value || f.dataset.rule === rule.value);
      f.hidden = !ok;
      if (ok) { shown += 1; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("article.finding:not([hidden])"); });
    count.textContent = shown + " of " + findings.length + " findings";
    none.hidden = shown !== 0 || findings.length === 0;
  }

  [severity, tool, rule].forEach(function (s) { s.addEventListener("change", apply); });
  document.getElementById("f-reset").addEventListener("click", function () {
    severity.value = ""; tool.value = ""; rule.value = ""; apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.filter-tool"), function (b) {
    b.addEventListener("click", function () {
      severity.value = ""; rule.value = ""; tool.value = b.dataset.tool; apply();
      document.getElementById("findings").scrollIntoView();
    });
  });
  apply();
})();
