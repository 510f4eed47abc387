// The workbench's Office.js: Raincheck's real task pane runs against it inside the workbench's
// frame. It gives the pane the invite the workbench opened (as Outlook shows a meeting request),
// an access token signed by the development key, and turns every form the pane asks Outlook to
// open into a draft the workbench shows. Never used in production: there the pane loads
// Microsoft's Office.js.
(() => {
  const query = new URLSearchParams(window.location.search);
  const ok = (value) => ({ status: "succeeded", value });
  let given = null;

  async function keep(call, form) {
    await fetch("/workbench/api/outlook-form", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: query.get("message"), user: query.get("user"), call, form }),
    });
    window.parent.postMessage({ type: "raincheck-draft", host: "Outlook" }, window.location.origin);
  }

  function asyncForm(call) {
    return (form, options, done) => {
      const callback = typeof options === "function" ? options : done;
      keep(call, form).then(() => callback && callback(ok()));
    };
  }

  function item(i) {
    return {
      itemType: i.type,
      itemClass: i.itemClass,
      itemId: i.itemId,
      subject: i.subject,
      from: i.from,
      sender: i.from,
      to: i.to,
      cc: i.cc,
      start: i.start ? new Date(i.start) : null,
      end: i.end ? new Date(i.end) : null,
      location: i.location,
      body: { getAsync: (type, done) => done(ok(i.body)) },
      getAsFileAsync: (done) => done(ok(i.eml)),
      displayReplyForm: (form) => { keep("displayReplyForm", form); },
      displayReplyAllForm: (form) => { keep("displayReplyAllForm", form); },
      displayReplyFormAsync: asyncForm("displayReplyForm"),
      displayReplyAllFormAsync: asyncForm("displayReplyAllForm"),
    };
  }

  const mailbox = {
    item: null,
    userProfile: { emailAddress: "", timeZone: "" },
    displayNewMessageForm: (form) => { keep("displayNewMessageForm", form); },
    convertToRestId: (id) => id,
  };
  const ready = (query.get("message")
    ? fetch(`/workbench/api/office?${query}`).then((r) => (r.ok ? r.json() : null))
    : Promise.resolve(null)
  ).then((data) => {
    given = data;
    if (!data) return { host: null, platform: null };
    mailbox.item = item(data.item);
    mailbox.userProfile.emailAddress = data.mailbox.address;
    window.Office.context.displayLanguage = data.mailbox.language;
    return { host: "Outlook", platform: "OfficeOnline" };
  }).catch(() => ({ host: null, platform: null }));

  window.Office = {
    HostType: { Outlook: "Outlook" },
    MailboxEnums: {
      ItemType: { Message: "message", Appointment: "appointment" },
      RestVersion: { v2_0: "v2.0" },
    },
    CoercionType: { Html: "html", Text: "text" },
    context: { displayLanguage: "en-US", mailbox },
    auth: { getAccessToken: async () => given.token },
    onReady: (callback) => ready.then((info) => {
      if (callback) callback(info);
      return info;
    }),
  };
})();
