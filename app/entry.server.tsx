import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { notModified } from "./http/conditional-get.server";
import { nulStripper } from "./http/strip-nul.server";
import { CspNonceContext } from "./http/csp-nonce";
import { i18nConfig, reactI18nOptions } from "./i18n/i18n";
import { i18nServer } from "./i18n/i18n.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A page whose loader gave an ETag the browser already holds (the public results) is not rendered again.
  const unchanged = notModified(request, responseStatusCode, responseHeaders);
  if (unchanged) return unchanged;

  const nonce = loadContext.cspNonce;
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({
    ...i18nConfig,
    react: reactI18nOptions,
    lng: await i18nServer.getLocale(request),
    ns: i18nServer.getRouteNamespaces(remixContext),
  });

  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <CspNonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </CspNonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          // Not a PassThrough: React 18 leaves NUL bytes in its stream (app/http/strip-nul.server.ts).
          const body = nulStripper();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged; before it, they reach the ErrorBoundary.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
