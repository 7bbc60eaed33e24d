// A stand-in for the platform's LoginRadiusV2.js, for the trigger snippet's tests. It behaves
// as ../../shared/GLUE.md states the real library does (facts observed by running it); each
// fact is marked "GLUE n" where it is modelled, and each has a test in tests/snippet_node.rs.
// Where GLUE.md points elsewhere it follows MARKUP.md (the form's markup) and, for which
// fields are asked, the core of SKIP.md for email consumers (a field is asked unless the
// profile holds a value for it; passwords and PINs are not asked) and its re-consent rule
// for social consumers. The exact SKIP.md rule is the core's (src/asked), tested there.
//
// Loaded into the page as the real library is: a script defining `LoginRadiusV2`. The
// network is `window.__lrServer` (set by the harness before the page's scripts run):
//   { delay: ms before each answer, steps: {ProfilingSteps: [...]}, profile: {...},
//     log: function (record) }
// The profile is the server's: a submitted form changes it for the pages after.
(function (window) {
  "use strict";

  var document = window.document;

  function has(o, k) {
    return Object.prototype.hasOwnProperty.call(o, k);
  }

  function LoginRadiusV2(options) {
    var lr = this;
    var server = window.__lrServer;
    var hooks = {};
    // GLUE 9: what setLocaleBasedInfo calls set, merged.
    var locale = { labels: {}, placeholders: {}, messages: {}, buttons: {} };
    lr.options = options || {};

    function log(record) {
      if (server.log) {
        server.log(record);
      }
    }

    // One network round trip: the answer is handled after the server's delay, then the
    // library calls its endProcess hook (GLUE 2).
    function request(what, handle) {
      log({ kind: "request", what: what });
      lr.$hooks.call("startProcess", what);
      window.setTimeout(function () {
        handle();
        lr.$hooks.call("endProcess", what);
      }, server.delay || 0);
    }

    lr.$hooks = {
      // One function per hook name: registering again replaces it (a snippet that registered
      // endProcess would take the site's own spinner hook away).
      register: function (name, fn) {
        hooks[name] = fn;
      },
      call: function (name, info) {
        if (name === "setLocaleBasedInfo") {
          log({ kind: "hook", name: name, info: JSON.parse(JSON.stringify(info || {})) });
          mergeLocale(info || {});
          return;
        }
        if (typeof hooks[name] === "function") {
          hooks[name].apply(null, Array.prototype.slice.call(arguments, 1));
        }
      }
    };

    // GLUE 9: merged into what earlier calls set; an empty string is ignored.
    function mergeLocale(info) {
      var sections = [["labels", "labels"], ["placeholders", "placeholders"],
        ["buttonsName", "buttons"]];
      for (var s = 0; s < sections.length; s++) {
        var from = info[sections[s][0]];
        var into = locale[sections[s][1]];
        for (var k in from || {}) {
          if (has(from, k) && typeof from[k] === "string" && from[k] !== "") {
            into[sections[s][1] === "buttons" ? k.toLowerCase() : k] = from[k];
          }
        }
      }
      var messages = info.validationMessages || [];
      for (var i = 0; i < messages.length; i++) {
        var m = messages[i];
        if (m && typeof m.rule === "string" && m.rule !== "" && typeof m.message === "string" &&
            m.message !== "") {
          locale.messages[m.rule] = m.message;
        }
      }
    }

    lr.util = {
      ready: function (fn) {
        if (document.readyState === "loading") {
          document.addEventListener("DOMContentLoaded", function () {
            fn();
          });
        } else {
          window.setTimeout(fn, 0);
        }
      }
    };

    // The token storage: the consumer is logged in on this page when it holds a token.
    lr.sessionData = {
      getToken: function () {
        return window.localStorage.getItem("LRTokenKey");
      }
    };

    // GLUE 1: progressiveProfiling.init() requests the app configuration, and the schema
    // only once that answer is handled. GLUE 3: init after the configuration was handled does
    // nothing.
    var config = "none"; // "none", "requested", "handled"
    var afterConfig = [];

    function requestConfig() {
      if (config !== "none") {
        return;
      }
      config = "requested";
      request("app configuration", function () {
        config = "handled";
        var waiting = afterConfig;
        afterConfig = [];
        for (var i = 0; i < waiting.length; i++) {
          waiting[i]();
        }
      });
    }

    // The site's own forms (a login form): they need the app configuration too.
    lr.init = function (action) {
      log({ kind: "init", action: action });
      requestConfig();
    };

    lr.progressiveProfiling = {
      showInEditor: false,
      init: function () {
        log({ kind: "ppinit", configHandled: config === "handled" });
        if (config === "handled") {
          return; // GLUE 3: never runs.
        }
        afterConfig.push(function () {
          request("progressive profiling schema", function () {
            lr.progressiveProfilingSchema = JSON.parse(JSON.stringify(server.steps));
          });
        });
        requestConfig();
      },
      execStep: function (name, stepOptions) {
        var o = stepOptions || {};
        // GLUE 1: nothing at all unless the schema is there and a token is stored.
        if (!lr.progressiveProfilingSchema || !lr.sessionData.getToken()) {
          log({ kind: "execStep", step: name, ignored: !lr.progressiveProfilingSchema ?
            "no schema" : "no token" });
          return;
        }
        var steps = lr.progressiveProfilingSchema.ProfilingSteps || [];
        var step = null;
        for (var i = 0; i < steps.length; i++) {
          if (steps[i].Step === name) { // GLUE 4: exact, case-sensitive.
            step = steps[i];
          }
        }
        if (!step) {
          log({ kind: "execStep", step: name, ignored: "not served" });
          if (lr.options.debugMode) {
            window.console.log("Step Schema not found.");
          }
          return;
        }
        log({ kind: "execStep", step: name });
        // GLUE 5: the profile is fetched, then the fields decided and the form rendered.
        request("profile", function () {
          decide(step, o);
        });
      }
    };

    function known(profile, name) {
      var lower = name.toLowerCase();
      var value;
      if (lower.indexOf("cf_") === 0) {
        var custom = profile.CustomFields || {};
        value = custom[name.slice(3)];
      } else {
        for (var k in profile) {
          if (has(profile, k) && k.toLowerCase() === lower) {
            value = profile[k];
          }
        }
      }
      return !(value === undefined || value === null || value === "" ||
        (Object.prototype.toString.call(value) === "[object Array]" && value.length === 0));
    }

    function social(profile) {
      var p = profile.Provider;
      return typeof p === "string" && p !== "" && p.toLowerCase() !== "email" &&
        p.toLowerCase() !== "raas";
    }

    function decide(step, o) {
      var profile = server.profile;
      // GLUE 7: a social consumer gets a re-consent button for a matching Scopes entry.
      if (social(profile) && !lr.options.progressiveProfilingTraditional) {
        var scopes = step.Scopes || [];
        for (var s = 0; s < scopes.length; s++) {
          if (String(scopes[s].Provider).toLowerCase() === profile.Provider.toLowerCase()) {
            var c = container(o);
            c.innerHTML = "";
            var button = document.createElement("button");
            button.setAttribute("data-template", String(o.templateName));
            button.textContent = "Re-consent with " + scopes[s].Provider;
            c.appendChild(button);
            log({ kind: "render", step: step.Step, consent: scopes[s].Provider });
            return;
          }
        }
        log({ kind: "nothing", step: step.Step });
        return;
      }
      var fields = [];
      var schema = step.Schema || [];
      for (var i = 0; i < schema.length; i++) {
        var n = String(schema[i].name).toLowerCase();
        var dropped = n === "password" || n === "confirmpassword" || n === "pin" ||
          n === "confirmpin";
        if (!dropped && !known(profile, schema[i].name)) {
          fields.push(schema[i]);
        }
      }
      if (fields.length === 0) {
        // GLUE 6: nothing left to ask: the login flow completes.
        if (profile.EmailVerified === false && !lr.options.disabledEmailVerification &&
            !lr.options.optionalEmailVerification) {
          log({ kind: "complete", step: step.Step, error: 970 });
          call(o.onError, [[{ ErrorCode: 970, Description: "email not verified" }]]);
        } else {
          log({ kind: "complete", step: step.Step });
          call(o.onSuccess, [{ Profile: profile }]);
        }
        return;
      }
      render(step, fields, o);
    }

    function call(fn, args) {
      if (typeof fn === "function") {
        fn.apply(null, args);
      }
    }

    function container(o) {
      return document.getElementById(o.container);
    }

    // GLUE 5 and MARKUP.md: the container is emptied, then one form is rendered.
    function render(step, fields, o) {
      var c = container(o);
      if (!c) {
        log({ kind: "no container", step: step.Step });
        return;
      }
      c.innerHTML = "";
      var form = document.createElement("form");
      form.setAttribute("name", "loginradius-progressiveProfiling");
      form.setAttribute("method", "POST");
      for (var i = 0; i < fields.length; i++) {
        form.appendChild(fieldElement(fields[i]));
      }
      var submit = document.createElement("input");
      submit.setAttribute("type", "submit");
      submit.setAttribute("value", locale.buttons.progressiveprofiling || "Progressive Profiling");
      submit.setAttribute("id", "loginradius-submit-progressive-profiling");
      submit.setAttribute("class",
        "loginradius-submit submit-loginradius-progressive-profiling");
      form.appendChild(submit);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        submitted(step, fields, form, o);
      });
      c.appendChild(form);
      log({ kind: "render", step: step.Step });
    }

    function label(f) {
      var l = locale.labels[f.name];
      return l ? l : f.display === undefined ? "undefined" : f.display === null ? "" : f.display;
    }

    function fieldElement(f) {
      var wrapper = document.createElement("div");
      wrapper.setAttribute("class", "loginradius--form-element-content content-loginradius-" +
        f.name);
      var lab = document.createElement("label");
      lab.setAttribute("for", "loginradius-progressiveProfiling-" + f.name);
      lab.innerHTML = String(label(f)); // Labels are HTML (MARKUP.md).
      var control;
      if (f.type === "option") {
        control = document.createElement("select");
        var first = document.createElement("option");
        first.setAttribute("value", "");
        first.textContent = "-- select --";
        control.appendChild(first);
        var options = f.options || [];
        for (var i = 0; i < options.length; i++) {
          var opt = document.createElement("option");
          opt.setAttribute("value", String(options[i].value));
          opt.textContent = String(options[i].text);
          control.appendChild(opt);
        }
      } else if (f.type === "text") {
        control = document.createElement("textarea");
      } else {
        control = document.createElement("input");
        control.setAttribute("type", f.type === "multi" ? "checkbox" : f.type === "email" ?
          "email" : f.type === "password" ? "password" : "text");
      }
      control.setAttribute("name", f.name);
      control.setAttribute("id", "loginradius-progressiveProfiling-" + f.name);
      var required = typeof f.rules === "string" && f.rules.indexOf("required") >= 0;
      control.setAttribute("class", "loginradius-" + f.type + " loginradius-" + f.name +
        (required ? " lr-required" : ""));
      if (f.type !== "option") {
        // GLUE 9: an applied placeholder is written into the library's copy of the schema.
        if (locale.placeholders[f.name]) {
          f.placeholder = locale.placeholders[f.name];
        }
        if (f.placeholder) {
          control.setAttribute("placeholder", String(f.placeholder));
        }
      }
      if (f.type === "multi") {
        wrapper.appendChild(control);
        wrapper.appendChild(lab);
      } else {
        wrapper.appendChild(lab);
        wrapper.appendChild(control);
      }
      return wrapper;
    }

    // GLUE 8: a failed validation calls onError with the messages (the form stays); a valid
    // form is sent (PUT /auth/account), then onSuccess.
    function submitted(step, fields, form, o) {
      var values = {};
      var errors = [];
      for (var i = 0; i < fields.length; i++) {
        var f = fields[i];
        var control = form.querySelector("[name=\"" + f.name + "\"]");
        var value = f.type === "multi" ? control.checked : control.value;
        values[f.name] = value;
        var required = typeof f.rules === "string" && f.rules.indexOf("required") >= 0;
        if (required && (value === "" || value === false)) {
          var template = locale.messages["required#" + f.name] || locale.messages.required ||
            "The %s field is required.";
          errors.push({ Description: template.replace("%s", label(f)) });
        }
      }
      if (errors.length) {
        log({ kind: "invalid", step: step.Step });
        call(o.onError, [errors]);
        return;
      }
      request("PUT /auth/account", function () {
        var profile = server.profile;
        for (var name in values) {
          if (has(values, name)) {
            if (name.toLowerCase().indexOf("cf_") === 0) {
              profile.CustomFields = profile.CustomFields || {};
              profile.CustomFields[name.slice(3)] = values[name];
            } else {
              profile[name] = values[name];
            }
          }
        }
        log({ kind: "saved", step: step.Step, values: values });
        call(o.onSuccess, [{ IsPosted: true, Data: profile }]);
      });
    }
  }

  window.LoginRadiusV2 = LoginRadiusV2;
})(window);
