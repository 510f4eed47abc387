// The fallback sign-in, in an Office dialog the pane opens where Outlook has neither nested app
// authentication nor single sign-on: MSAL.js signs the user in (authorization code flow with
// PKCE, Microsoft's redirect coming back to this page) and the access token goes to the pane
// through Office's dialog messaging. The dialog never keeps a token: MSAL's cache lives in this
// dialog's session storage, which closes with it.
//
// Messages to the pane: {status: "ok", token, expiresOn} or {status: "error", code}.

const page = document.getElementById("signin");

function tell(message) {
  Office.context.ui.messageParent(JSON.stringify(message));
}

async function signIn() {
  await Office.onReady();
  if (!page.dataset.ready || typeof msal === "undefined") {
    tell({ status: "error", code: "not_configured" });
    return;
  }
  const authority = page.dataset.authority;
  const client = new msal.PublicClientApplication({
    auth: {
      clientId: page.dataset.clientId,
      authority,
      redirectUri: page.dataset.redirectUri,
      // The authority is the one configured, not found by discovery.
      knownAuthorities: [new URL(authority).host],
    },
    cache: { cacheLocation: "sessionStorage" },
  });
  await client.initialize();
  const request = { scopes: [page.dataset.scope] };
  const hint = new URLSearchParams(window.location.search).get("hint");
  if (hint) request.loginHint = hint;
  let result;
  try {
    result = await client.handleRedirectPromise();
  } catch (error) {
    tell({ status: "error", code: (error && (error.errorCode || error.name)) || "unknown" });
    return;
  }
  if (result && result.accessToken) {
    const expiresOn = result.expiresOn instanceof Date ? result.expiresOn.getTime() : null;
    tell({ status: "ok", token: result.accessToken, expiresOn });
    return;
  }
  // First visit: off to Microsoft, which comes back here with the code.
  await client.acquireTokenRedirect(request);
}

signIn().catch((error) => {
  tell({ status: "error", code: (error && (error.errorCode || error.name)) || "unknown" });
});
