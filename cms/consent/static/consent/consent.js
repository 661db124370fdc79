/*
 * Alliance consent engine (modelled on orestbida/cookieconsent v3's category gating).
 * The server already gated the first response; this script keeps the page in step after
 * a choice without a reload: it activates inert <script type="text/plain"> tags and
 * click-to-load embeds of accepted categories, and removes cookies of refused ones.
 */
(function () {
    "use strict";

    var COOKIE = "alliance_consent";
    var root = document.querySelector("[data-consent-root]");
    var config = {};
    if (root) {
        try { config = JSON.parse(root.getAttribute("data-consent-config") || "{}"); } catch (e) { config = {}; }
    }

    function readChoice() {
        var match = document.cookie.match(/(?:^|;\s*)alliance_consent=([^;]+)/);
        if (!match || !config.version) { return null; }
        try {
            var value = decodeURIComponent(match[1]).replace(/^"|"$/g, "");
            var payload = value.split(":")[0].replace(/-/g, "+").replace(/_/g, "/");
            while (payload.length % 4) { payload += "="; }
            var data = JSON.parse(atob(payload));
            var now = Date.now() / 1000;
            if (data.v !== config.version) { return null; }
            if (typeof data.t !== "number" || data.t + config.lifetime * 86400 <= now) { return null; }
            return Array.isArray(data.c) ? data.c : null;
        } catch (e) {
            return null;
        }
    }

    function allowed(accepted, category) {
        return (config.optional || []).indexOf(category) === -1 || accepted.indexOf(category) !== -1;
    }

    function activateScripts(accepted) {
        var inert = document.querySelectorAll('script[type="text/plain"][data-consent-category]');
        Array.prototype.forEach.call(inert, function (old) {
            if (!allowed(accepted, old.getAttribute("data-consent-category"))) { return; }
            var script = document.createElement("script");
            var src = old.getAttribute("data-consent-src");
            if (old.nonce) { script.nonce = old.nonce; }
            script.setAttribute("data-consent-category", old.getAttribute("data-consent-category"));
            script.setAttribute("data-consent-loaded", "");
            if (src) { script.src = src; } else { script.text = old.text; }
            old.parentNode.replaceChild(script, old);
        });
    }

    function loadEmbed(wrapper) {
        var content = wrapper.querySelector("template[data-consent-embed-content]");
        if (!content) { return; }
        var placeholder = wrapper.querySelector("[data-consent-embed-placeholder]");
        wrapper.appendChild(document.importNode(content.content, true));
        content.parentNode.removeChild(content);
        if (placeholder) { placeholder.parentNode.removeChild(placeholder); }
        wrapper.setAttribute("data-consent-embed-loaded", "");
    }

    function activateEmbeds(accepted) {
        Array.prototype.forEach.call(document.querySelectorAll("[data-consent-embed]"), function (wrapper) {
            if (allowed(accepted, wrapper.getAttribute("data-consent-category"))) { loadEmbed(wrapper); }
        });
    }

    function expireCookie(name) {
        var host = location.hostname;
        var past = "=; Max-Age=0; path=/";
        document.cookie = name + past;
        document.cookie = name + past + "; domain=" + host;
        var parts = host.split(".");
        for (var i = 1; i < parts.length - 1; i++) {
            document.cookie = name + past + "; domain=." + parts.slice(i).join(".");
        }
    }

    function removeRefusedCookies(accepted) {
        var cookies = config.cookies || {};
        var present = document.cookie.split(";").map(function (c) { return c.split("=")[0].trim(); });
        Object.keys(cookies).forEach(function (slug) {
            if (accepted.indexOf(slug) !== -1) { return; }
            cookies[slug].forEach(function (name) {
                present.forEach(function (have) {
                    var prefix = name.charAt(name.length - 1) === "*";
                    if (prefix ? have.indexOf(name.slice(0, -1)) === 0 : have === name) { expireCookie(have); }
                });
            });
        });
    }

    function apply(accepted) {
        removeRefusedCookies(accepted);
        activateScripts(accepted);
        activateEmbeds(accepted);
    }

    // Click-to-load: one embed, this once, without changing the stored choice.
    Array.prototype.forEach.call(document.querySelectorAll("[data-consent-embed-load]"), function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
            loadEmbed(button.closest("[data-consent-embed]"));
        });
    });

    var choice = readChoice();
    var justSaved = /[?&]cookies=saved(&|$)/.test(location.search);
    if (root) {
        if (choice && justSaved) {
            root.querySelector("[data-consent-confirmation]").focus();
        } else if (choice) {
            root.hidden = true;
        } else if (root.getAttribute("data-consent-state") === "none" && !document.querySelector("[data-consent-saved]") && document.body.className.indexOf("template-cookie-settings") === -1) {
            root.hidden = false;
        }
    }
    if (choice) { apply(choice); }

    var form = root && root.querySelector("[data-consent-form]");
    if (form && window.fetch && window.FormData) {
        var plainPost = false;
        form.addEventListener("submit", function (event) {
            var submitter = event.submitter;
            if (!submitter || plainPost) { return; } // the plain form post still works
            event.preventDefault();
            var data = new FormData(form);
            data.append("action", submitter.value);
            // getAttribute: the buttons are named "action", which shadows form.action.
            fetch(form.getAttribute("action"), {
                method: "POST",
                body: data,
                credentials: "same-origin",
                headers: { "Accept": "application/json" }
            }).then(function (response) {
                if (!response.ok) { throw new Error("consent not saved"); }
                return response.json();
            }).then(function (result) {
                form.querySelector("[data-consent-ask]").hidden = true;
                var confirmation = form.querySelector("[data-consent-confirmation]");
                confirmation.hidden = false;
                confirmation.focus();
                apply(result.categories);
            }).catch(function () {
                plainPost = true;
                form.requestSubmit(submitter);
            });
        });
        var dismiss = form.querySelector("[data-consent-dismiss]");
        if (dismiss) {
            dismiss.hidden = false;
            dismiss.addEventListener("click", function () {
                root.hidden = true;
                var main = document.getElementById("main-content");
                if (main) { main.focus(); }
            });
        }
    }

    var saved = document.querySelector("[data-consent-saved]");
    if (saved) { saved.focus(); }
})();
