// Office.js as Raincheck's task pane sees it in Outlook, simulated: the one stand-in for
// Microsoft's script, served in its place by the workbench and by the pane's browser tests.
//
// What it simulates comes from a setup object: window.__officeSetup when a test put one there
// before the page loaded, else the workbench's /workbench/api/office for the item in the
// page's query. The setup names the host (none: outside Outlook), the mailbox (address, time
// zone, display language), the item (read or compose mode), the access tokens to hand out,
// whether the async reply forms exist and refuse attachments, and whether opened forms are kept
// as workbench drafts. Every call the pane makes is recorded on window.__officeCalls.
// Never used in production: there the pane loads Microsoft's Office.js.
(() => {
  const calls = (window.__officeCalls = []);
  const ok = (value) => ({ status: "succeeded", value });
  const failed = (code) => ({ status: "failed", error: { code, message: "refused" } });
  const query = new URLSearchParams(window.location.search);
  let current = query.get("message"); // the workbench message the selected item is
  let setup = null;

  function record(name, ...args) {
    calls.push({ name, args: JSON.parse(JSON.stringify(args)) });
    if (!setup.keepForms || !name.startsWith("display")) return Promise.resolve();
    // The workbench keeps every form the pane opens as the draft Outlook would hold.
    const call = name.replace(/Async$/, "");
    return fetch("/workbench/api/outlook-form", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: current, user: query.get("user"), call, form: args[0] }),
    }).then(() => {
      window.parent.postMessage({ type: "raincheck-draft", host: "Outlook" }, window.location.origin);
    });
  }

  // Requirement sets this Outlook supports (setup.sets, else a current Outlook): what is above
  // a set's version is absent, as in a client that lacks it.
  const CURRENT = { Mailbox: "1.15", IdentityAPI: "1.3" };
  function supports(name, version) {
    const have = ((setup && setup.sets) || CURRENT)[name];
    if (!have) return false;
    const [a, b] = have.split(".").map(Number);
    const [c, d] = version.split(".").map(Number);
    return a > c || (a === c && b >= d);
  }

  function readItem(i) {
    const item = {
      itemType: i.type,
      itemClass: i.itemClass,
      itemId: i.itemId,
      subject: i.subject,
      from: i.from,
      sender: i.from,
      organizer: i.organizer,
      to: i.to || [],
      cc: i.cc || [],
      requiredAttendees: i.requiredAttendees,
      optionalAttendees: i.optionalAttendees,
      start: i.start ? new Date(i.start) : null,
      end: i.end ? new Date(i.end) : null,
      location: i.location,
      body: { getAsync: (type, done) => done(ok(i.body)) },
      displayReplyForm: (form) => { record("displayReplyForm", form); },
      displayReplyAllForm: (form) => { record("displayReplyAllForm", form); },
    };
    if (i.eml && supports("Mailbox", "1.14")) item.getAsFileAsync = (done) => done(ok(i.eml));
    if (setup.asyncForms) {
      for (const name of ["displayReplyFormAsync", "displayReplyAllFormAsync"]) {
        item[name] = (form, options, done) => {
          const callback = typeof options === "function" ? options : done;
          const refuse = setup.refuseAttachments && form.attachments && form.attachments.length;
          record(name, form).then(() => callback && callback(refuse ? failed(9041) : ok()));
        };
      }
    }
    return item;
  }

  function composeItem(i) {
    return {
      itemType: "message",
      subject: { getAsync: (done) => done(ok("")) },
      to: { getAsync: (done) => done(ok(i.to || [])) },
      body: {
        getAsync: (type, done) => done(ok("")),
        getTypeAsync: (done) => done(ok(i.bodyType || "html")),
        setSelectedDataAsync: (data, options, done) => {
          // Outlook refuses HTML into a plain-text body (office.body.yml: InvalidFormatError).
          if (options.coercionType === "html" && i.bodyType === "text") {
            done(failed("InvalidFormatError"));
            return;
          }
          record("setSelectedDataAsync", data, options);
          done(ok());
        },
      },
    };
  }

  const handlers = {};
  const mailbox = {
    item: null,
    userProfile: { emailAddress: "", timeZone: "" },
    // Mailbox 1.5: a pinned pane hears when the user selects another item.
    addHandlerAsync: (type, handler, options, done) => {
      handlers[type] = handler;
      const callback = typeof options === "function" ? options : done;
      if (callback) callback(ok());
    },
    displayNewMessageForm: (form) => { record("displayNewMessageForm", form); },
    convertToRestId: (id, version) => `${version}:${id}`,
  };
  let tokens = [];
  let tokenErrors = []; // codes getAccessToken fails with, one per call, before it succeeds

  function apply(given) {
    setup = given || { host: null, tokens: [] };
    tokens = (setup.tokens || []).slice();
    tokenErrors = (setup.tokenErrors || []).slice();
    const i = setup.item;
    if (i) mailbox.item = setup.mode === "compose" ? composeItem(i) : readItem(i);
    mailbox.userProfile.emailAddress = setup.address || "";
    mailbox.userProfile.timeZone = setup.timeZone || "";
    window.Office.context.displayLanguage = setup.language || "en-US";
    if (!supports("Mailbox", "1.6")) delete mailbox.displayNewMessageForm;
    if (!supports("Mailbox", "1.5")) delete mailbox.addHandlerAsync;
    return { host: setup.host || null, platform: setup.host ? "OfficeOnline" : null };
  }

  // Outlook's Office.js loads MicrosoftAjax.js from ajax.aspnetcdn.com before it is ready
  // (OfficeDev/office-js #4131): so does this one, from setup.scripts (the workbench serves its
  // own copy). A script that cannot load leaves onReady waiting for ever, as in Outlook.
  const AJAX = "https://ajax.aspnetcdn.com/ajax/3.5/MicrosoftAjax.js";

  function load(url) {
    return new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      document.head.append(script);
    });
  }

  const given = window.__officeSetup
    ? Promise.resolve(window.__officeSetup)
    : query.get("message")
      ? fetch(`/workbench/api/office?${query}`).then((r) => (r.ok ? r.json() : null)).catch(() => null)
      : Promise.resolve(null);
  const ready = given.then(async (found) => {
    for (const url of (found && found.scripts) || [AJAX]) await load(url);
    return found;
  });

  // A test selects another item in a pinned pane, as the user does in Outlook: the item
  // changes first, then ItemChanged fires (null: nothing selected).
  window.__officeSelect = (next) => {
    mailbox.item = next ? readItem(next) : null;
    const handler = handlers.olkItemSelectedChanged;
    if (handler) handler({ type: "olkItemSelectedChanged" });
  };

  // The workbench selects another message in a pinned pane by posting its id here.
  window.addEventListener("message", (event) => {
    const data = event.data || {};
    if (event.origin !== window.location.origin || data.type !== "raincheck-select") return;
    const next = new URLSearchParams(query);
    next.set("message", data.message);
    fetch(`/workbench/api/office?${next}`).then((r) => (r.ok ? r.json() : null)).then((found) => {
      if (!found) return;
      current = data.message;
      window.__officeSelect(found.item);
    });
  });

  window.Office = {
    HostType: { Outlook: "Outlook" },
    EventType: { ItemChanged: "olkItemSelectedChanged" },
    MailboxEnums: {
      ItemType: { Message: "message", Appointment: "appointment" },
      RestVersion: { v2_0: "v2.0" },
    },
    CoercionType: { Html: "html", Text: "text" },
    context: {
      displayLanguage: "en-US",
      mailbox,
      requirements: { isSetSupported: (name, version) => supports(name, version || "1.1") },
    },
    auth: {
      getAccessToken: async (options) => {
        record("getAccessToken", options);
        // Office rejects with an error whose code says why (13001 not signed in, 13002 the
        // user closed the prompt, 13003 an unsupported account, 13006/13008 retry later...).
        if (tokenErrors.length) {
          const code = tokenErrors.shift();
          throw Object.assign(new Error(`SSO error ${code}`), { code, name: "Error" });
        }
        return tokens.length > 1 ? tokens.shift() : tokens[0];
      },
    },
    onReady: (callback) =>
      ready.then(apply).then((info) => {
        if (callback) callback(info);
        return info;
      }),
  };
})();
