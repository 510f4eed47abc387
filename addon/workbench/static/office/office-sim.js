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
      body: JSON.stringify({
        message: current, user: query.get("user"), name: query.get("name"), call, form: args[0],
      }),
    }).then(() => {
      window.parent.postMessage({ type: "raincheck-draft", host: "Outlook" }, window.location.origin);
    });
  }

  // What Outlook's forms accept (office.context.mailbox.item.yml, ReplyFormData and
  // displayNewMessageForm): these fields, an htmlBody of at most 32 KB, and attachments of a
  // known type with what that type needs. Anything else is an error, as in Outlook.
  const REPLY_FIELDS = ["htmlBody", "attachments", "options", "callback"];
  const MESSAGE_FIELDS = ["toRecipients", "ccRecipients", "bccRecipients", "subject", "htmlBody",
    "attachments"];
  const ATTACHMENT_FIELDS = {
    file: ["type", "name", "url", "isInline"],
    item: ["type", "name", "itemId"],
    base64: ["type", "name", "base64file", "isInline"],
  };
  // A reply form takes all three types (ReplyFormAttachment: base64 from Mailbox 1.15), but a
  // new message only "file or item attachments" (office.mailbox.yml, displayNewMessageForm's
  // parameters.attachments): base64 there is an error in current Outlook.
  const REPLY_TYPES = ["file", "item", "base64"];
  const MESSAGE_TYPES = ["file", "item"];
  function checkForm(form, allowed, types = REPLY_TYPES) {
    const refuse = (why) => { throw Object.assign(new Error(why), { code: "InvalidParameterValue" }); };
    for (const key of Object.keys(form || {})) if (!allowed.includes(key)) refuse(`unknown ${key}`);
    if (form.htmlBody && form.htmlBody.length > 32 * 1024) refuse("htmlBody over 32 KB");
    for (const attachment of form.attachments || []) {
      const fields = ATTACHMENT_FIELDS[attachment.type];
      if (!fields || !types.includes(attachment.type)) refuse(`attachment type ${attachment.type}`);
      if (attachment.type === "base64" && !supports("Mailbox", "1.15")) refuse("base64 before 1.15");
      for (const key of Object.keys(attachment)) if (!fields.includes(key)) refuse(`attachment ${key}`);
    }
  }

  // Requirement sets this Outlook supports (setup.sets, else a current Outlook): what is above
  // a set's version is absent, as in a client that lacks it.
  const CURRENT = { Mailbox: "1.15", IdentityAPI: "1.3", DialogApi: "1.2" };
  function supports(name, version) {
    const sets = { ...((setup && setup.sets) || CURRENT) };
    if (setup && setup.naa) sets.NestedAppAuth = "1.1";
    const have = sets[name];
    if (!have) return false;
    const [a, b] = have.split(".").map(Number);
    const [c, d] = version.split(".").map(Number);
    return a > c || (a === c && b >= d);
  }

  // Office.js is one library from Microsoft's CDN, the same for every Outlook: a method is
  // defined whether or not this client implements it, and calling one above the client's
  // requirement sets fails. Microsoft's guidance is to test at run time with isSetSupported
  // (specify-api-requirements-runtime.md), never with typeof; the stand-in makes typeof useless
  // as it is in Outlook. (The error's code is the stand-in's own.)
  function needs(name, version) {
    if (!supports(name, version)) {
      throw Object.assign(new Error(`${name} ${version} is not supported by this Outlook`),
        { code: "NotSupported" });
    }
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
      displayReplyForm: (form) => { checkForm(form, REPLY_FIELDS); record("displayReplyForm", form); },
      displayReplyAllForm: (form) => {
        checkForm(form, REPLY_FIELDS);
        record("displayReplyAllForm", form);
      },
    };
    item.getAsFileAsync = (done) => {
      needs("Mailbox", "1.14");
      done(i.eml ? ok(i.eml) : failed("ItemNotFound"));
    };
    // The async forms are Mailbox 1.9: below it they are there and fail, as in Outlook.
    {
      for (const name of ["displayReplyFormAsync", "displayReplyAllFormAsync"]) {
        item[name] = (form, options, done) => {
          needs("Mailbox", "1.9");
          const callback = typeof options === "function" ? options : done;
          try {
            checkForm(form, REPLY_FIELDS);
          } catch (error) {
            if (callback) callback(failed(error.code));
            return;
          }
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
      needs("Mailbox", "1.5");
      handlers[type] = handler;
      const callback = typeof options === "function" ? options : done;
      if (callback) callback(ok());
    },
    displayNewMessageForm: (form) => {
      needs("Mailbox", "1.6");
      checkForm(form, MESSAGE_FIELDS, MESSAGE_TYPES);
      record("displayNewMessageForm", form);
    },
    convertToRestId: (id, version) => {
      needs("Mailbox", "1.3");
      return `${version}:${id}`;
    },
  };
  let tokens = [];
  let tokenErrors = []; // codes getAccessToken fails with, one per call, before it succeeds

  // Office.js applies inline styles to the page it runs in ("Refused to apply inline style
  // because it violates ... style-src 'self'" from Office.js itself, office-js #1687): a
  // stylesheet element and a style attribute on an element it adds, as the stand-in does here.
  function styleThePage() {
    const sheet = document.createElement("style");
    sheet.textContent = ".office-js-host-frame { display: none; }";
    document.head.append(sheet);
    const frame = document.createElement("div");
    frame.className = "office-js-host-frame";
    frame.setAttribute("style", "display:none;width:0;height:0");
    document.body.append(frame);
  }

  function apply(given) {
    styleThePage();
    setup = given || { host: null, tokens: [] };
    tokens = (setup.tokens || []).slice();
    tokenErrors = (setup.tokenErrors || []).slice();
    const i = setup.item;
    if (i) mailbox.item = setup.mode === "compose" ? composeItem(i) : readItem(i);
    mailbox.userProfile.emailAddress = setup.address || "";
    mailbox.userProfile.timeZone = setup.timeZone || "";
    window.Office.context.displayLanguage = setup.language || "en-US";
    if (setup.naa) window.nestedAppAuthBridge = bridge();
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

  // Opened by displayDialogAsync (below), this page is an Office dialog: Outlook is its host,
  // and messageParent reaches the pane that opened it.
  const parent = window.opener && window.opener.__officeDialog;
  const given = parent
    ? Promise.resolve({ host: "Outlook", dialog: true, scripts: parent.scripts })
    : window.__officeSetup
    ? Promise.resolve(window.__officeSetup)
    : query.get("message")
      ? fetch(`/workbench/api/office?${query}`).then((r) => (r.ok ? r.json() : null)).catch(() => null)
      : Promise.resolve(null);
  const ready = given.then(async (found) => {
    for (const url of (found && found.scripts) || [AJAX]) await load(url);
    return found;
  });

  // Nested app authentication (setup.naa): the host's bridge as MSAL.js talks to it,
  // window.nestedAppAuthBridge, with JSON envelopes (msal-browser src/naa: BridgeProxy,
  // BridgeRequestEnvelope, BridgeResponseEnvelope). Tokens come from setup.tokens; setup.naa
  // "fail" answers every token request with an error, as a host that cannot give one.
  function unsignedJwt(claims) {
    const part = (data) => btoa(JSON.stringify(data)).replace(/=+$/, "").replace(/\+/g, "-")
      .replace(/\//g, "_");
    return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
  }

  function bridge() {
    const listeners = [];
    const answer = (payload) => {
      const text = JSON.stringify({ messageType: "NestedAppAuthResponse", ...payload });
      setTimeout(() => listeners.forEach((listener) => listener(text)), 0);
    };
    return {
      addEventListener: (name, listener) => { if (name === "message") listeners.push(listener); },
      removeEventListener: () => {},
      postMessage: (message) => {
        const request = JSON.parse(message);
        record(`naa:${request.method}`, request.tokenParams || {});
        if (request.method === "GetInitContext") {
          answer({ requestId: request.requestId, success: true,
                   initContext: { sdkName: "office-sim", sdkVersion: "1.0.0", capabilities: {} } });
          return;
        }
        if (setup.naa === "fail" || !tokens.length) {
          answer({ requestId: request.requestId, success: false,
                   error: { status: "PERSISTENT_ERROR", code: "no_token", description: "refused" } });
          return;
        }
        const tenant = "11111111-2222-3333-4444-555555555555";
        const idToken = unsignedJwt({ aud: request.tokenParams.clientId, tid: tenant,
          oid: "00000000-0000-0000-0000-00000000000a", preferred_username: setup.address,
          name: setup.address, iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
          iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 });
        answer({
          requestId: request.requestId,
          success: true,
          token: { access_token: tokens.length > 1 ? tokens.shift() : tokens[0], expires_in: 3600,
                   id_token: idToken, properties: null, scope: request.tokenParams.scope },
          account: { environment: "login.microsoftonline.com", username: setup.address,
                     tenantId: tenant, homeAccountId: `a.${tenant}`, localAccountId: "a",
                     idToken },
        });
      },
    };
  }

  // Whether the pane listens for the selected item (a pinned pane, Mailbox 1.5).
  window.__officePinned = () => Boolean(handlers.olkItemSelectedChanged);

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

  // Office's dialog API (DialogApi 1.1; arg.origin from 1.2), as Outlook on the web runs it: a
  // window of its own for a page of the add-in's domain (a URL of another origin fails with
  // 12004, "domain not trusted"); DialogMessageReceived for messageParent, DialogEventReceived
  // 12006 when the user closes the window (office-dialog-api errors and events).
  const ui = {
    displayDialogAsync: (url, options, done) => {
      needs("DialogApi", "1.1");
      record("displayDialogAsync", url, options);
      const callback = typeof options === "function" ? options : done;
      if (new URL(url, window.location.href).origin !== window.location.origin) {
        callback(failed(12004));
        return;
      }
      if (setup.dialogIgnored) {
        callback(failed(12009)); // the user chose to ignore the dialog
        return;
      }
      const events = {};
      let closedByAddin = false;
      const child = window.open(url, "office-dialog", "popup,width=420,height=640");
      if (!child) {
        callback(failed(12009));
        return;
      }
      window.__officeDialog = {
        scripts: (setup && setup.scripts) || [AJAX],
        message: (text, origin) => {
          record("dialog:messageParent");
          const handler = events[Office.EventType.DialogMessageReceived];
          if (handler) handler({ type: "dialogMessageReceived", message: text, origin });
        },
      };
      const watch = setInterval(() => {
        if (!child.closed) return;
        clearInterval(watch);
        const handler = events[Office.EventType.DialogEventReceived];
        if (!closedByAddin && handler) handler({ type: "dialogEventReceived", error: 12006 });
      }, 50);
      callback(ok({
        addEventHandler: (type, handler) => { events[type] = handler; },
        close: () => {
          closedByAddin = true;
          record("dialog:close");
          child.close();
        },
      }));
    },
    messageParent: (message) => {
      if (!parent) throw Object.assign(new Error("not a dialog"), { code: 12003 });
      parent.message(String(message), window.location.origin);
    },
  };

  window.Office = {
    HostType: { Outlook: "Outlook" },
    EventType: {
      ItemChanged: "olkItemSelectedChanged",
      DialogMessageReceived: "dialogMessageReceived",
      DialogEventReceived: "dialogEventReceived",
    },
    MailboxEnums: {
      ItemType: { Message: "message", Appointment: "appointment" },
      RestVersion: { v2_0: "v2.0" },
    },
    CoercionType: { Html: "html", Text: "text" },
    context: {
      displayLanguage: "en-US",
      mailbox,
      ui,
      requirements: { isSetSupported: (name, version) => supports(name, version || "1.1") },
    },
    auth: {
      getAccessToken: async (options) => {
        needs("IdentityAPI", "1.3");
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
