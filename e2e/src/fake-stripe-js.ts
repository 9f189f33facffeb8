import type { BrowserContext } from 'playwright-core';

/**
 * A stand-in for Stripe.js, served in place of https://js.stripe.com/v3 (the browser cannot
 * reach Stripe here). It behaves like Stripe.js for what the app uses: `Stripe(key)`,
 * `elements({ locale }).create('card')` drawing the card field in a frame of js.stripe.com
 * (so the page itself never holds the card), `change` events with Stripe's validation
 * errors, and `createPaymentMethod`, which the frame sends to api.stripe.com, here routed
 * to the fake Stripe API the server charges through. Declines happen where Stripe makes
 * them: when the PaymentIntent is confirmed.
 */
const FRAME_URL = 'https://js.stripe.com/v3/elements-inner-card.html';

const stripeJs = `(function () {
  var FRAME = ${JSON.stringify(FRAME_URL)};
  var ORIGIN = 'https://js.stripe.com';
  var asked = 0;
  function cardElement(key, locale) {
    var iframe = null;
    var handlers = { change: [] };
    var pending = {};
    var ready = null;
    function onMessage(e) {
      if (!iframe || e.source !== iframe.contentWindow) return;
      var m = e.data || {};
      if (m.type === 'change') {
        handlers.change.forEach(function (h) {
          h({ elementType: 'card', complete: m.complete, empty: m.empty, error: m.error || undefined });
        });
      }
      if (m.type === 'result' && pending[m.id]) {
        pending[m.id](m.result);
        delete pending[m.id];
      }
    }
    window.addEventListener('message', onMessage);
    return {
      mount: function (node) {
        if (typeof node === 'string') node = document.querySelector(node);
        iframe = document.createElement('iframe');
        iframe.title = 'Secure card payment input frame';
        iframe.setAttribute('frameborder', '0');
        iframe.style.cssText = 'border:0;width:100%;height:150px;display:block';
        iframe.src = FRAME + '#' + new URLSearchParams({ key: key, locale: locale }).toString();
        ready = new Promise(function (r) { iframe.addEventListener('load', r); });
        node.appendChild(iframe);
      },
      on: function (event, handler) {
        (handlers[event] = handlers[event] || []).push(handler);
      },
      focus: function () {
        if (iframe) iframe.contentWindow.postMessage({ type: 'focus' }, ORIGIN);
      },
      destroy: function () {
        window.removeEventListener('message', onMessage);
        if (iframe) iframe.remove();
        iframe = null;
      },
      _ask: function (type) {
        if (!iframe) return Promise.reject(new Error('IntegrationError: the element is not mounted'));
        return ready.then(function () {
          return new Promise(function (resolve) {
            var id = ++asked;
            pending[id] = resolve;
            iframe.contentWindow.postMessage({ type: type, id: id }, ORIGIN);
          });
        });
      },
    };
  }
  window.Stripe = function (key) {
    if (!/^pk_(test|live)_/.test(String(key))) throw new Error('IntegrationError: Invalid API Key provided: ' + key);
    return {
      elements: function (options) {
        var locale = (options && options.locale) || 'auto';
        return {
          create: function (type) {
            if (type !== 'card') throw new Error('IntegrationError: unsupported element ' + type);
            return cardElement(key, locale);
          },
        };
      },
      createPaymentMethod: function (request) {
        if (!request || request.type !== 'card' || !request.card || !request.card._ask)
          return Promise.reject(new Error('IntegrationError: createPaymentMethod needs { type: "card", card }'));
        return request.card._ask('create');
      },
    };
  };
})();`;

const frameHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>card</title>
<style>body{margin:0;font:16px system-ui,sans-serif}label{display:block;margin:0 0 6px}input{font:inherit;padding:6px;width:95%}</style>
</head><body>
<label><span id="l-number"></span><input id="number" autocomplete="cc-number" inputmode="numeric"></label>
<label><span id="l-exp"></span><input id="exp" autocomplete="cc-exp" inputmode="numeric" placeholder="MM / YY"></label>
<label><span id="l-cvc"></span><input id="cvc" autocomplete="cc-csc" inputmode="numeric"></label>
<script>
  var params = new URLSearchParams(location.hash.slice(1));
  var key = params.get('key');
  var es = (params.get('locale') || '').indexOf('es') === 0;
  document.documentElement.lang = es ? 'es' : 'en';
  var text = es
    ? { number: 'Número de tarjeta', exp: 'Fecha de vencimiento', cvc: 'CVC',
        incomplete_number: 'El número de tu tarjeta está incompleto.',
        invalid_number: 'El número de tu tarjeta no es válido.',
        incomplete_expiry: 'La fecha de vencimiento de tu tarjeta está incompleta.',
        invalid_expiry_year_past: 'El año de vencimiento de tu tarjeta ya pasó.',
        incomplete_cvc: 'El código de seguridad de tu tarjeta está incompleto.' }
    : { number: 'Card number', exp: 'Expiration date', cvc: 'CVC',
        incomplete_number: 'Your card number is incomplete.',
        invalid_number: 'Your card number is invalid.',
        incomplete_expiry: "Your card's expiration date is incomplete.",
        invalid_expiry_year_past: "Your card's expiration year is in the past.",
        incomplete_cvc: "Your card's security code is incomplete." };
  document.getElementById('l-number').textContent = text.number;
  document.getElementById('l-exp').textContent = text.exp;
  document.getElementById('l-cvc').textContent = text.cvc;
  function luhn(n) {
    var sum = 0;
    for (var i = 0; i < n.length; i++) {
      var d = Number(n[n.length - 1 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  }
  function read() {
    var exp = /^(\\d{1,2})\\s*\\/?\\s*(\\d{2})$/.exec(document.getElementById('exp').value.trim());
    return {
      number: document.getElementById('number').value.replace(/[\\s-]/g, ''),
      month: exp ? Number(exp[1]) : null,
      year: exp ? 2000 + Number(exp[2]) : null,
      cvc: document.getElementById('cvc').value.trim(),
    };
  }
  function error(code) { return { type: 'validation_error', code: code, message: text[code] }; }
  // As Stripe's field does: incomplete parts are errors only on submit, invalid ones at once.
  function check(c, final) {
    if (c.number.length < 16) { if (final || c.number.length > 19) return error('incomplete_number'); }
    else if (!/^\\d+$/.test(c.number) || !luhn(c.number)) return error('invalid_number');
    if (c.month === null || c.month < 1 || c.month > 12) { if (final) return error('incomplete_expiry'); }
    else {
      var now = new Date();
      if (c.year * 12 + c.month < now.getFullYear() * 12 + now.getMonth() + 1) return error('invalid_expiry_year_past');
    }
    if (!/^\\d{3,4}$/.test(c.cvc) && final) return error('incomplete_cvc');
    return null;
  }
  function changed() {
    var c = read();
    parent.postMessage({ type: 'change', empty: !c.number && !c.cvc, complete: !check(c, true), error: check(c, false) }, '*');
  }
  ['number', 'exp', 'cvc'].forEach(function (id) { document.getElementById(id).addEventListener('input', changed); });
  window.addEventListener('message', function (e) {
    if (e.source !== parent) return;
    var m = e.data || {};
    if (m.type === 'focus') document.getElementById('number').focus();
    if (m.type !== 'create') return;
    var reply = function (result) { parent.postMessage({ type: 'result', id: m.id, result: result }, '*'); };
    var c = read();
    var invalid = check(c, true);
    if (invalid) return reply({ error: invalid });
    var body = new URLSearchParams({ key: key, type: 'card', 'card[number]': c.number,
      'card[exp_month]': String(c.month), 'card[exp_year]': String(c.year), 'card[cvc]': c.cvc });
    fetch('https://api.stripe.com/v1/payment_methods', { method: 'POST', body: body })
      .then(function (res) { return res.json(); })
      .then(function (json) { reply(json.error ? { error: json.error } : { paymentMethod: json }); })
      .catch(function () { reply({ error: { type: 'api_connection_error', message: 'Network error' } }); });
  });
</script>
</body></html>`;

/** Serves the stand-in for Stripe.js in `context` and routes api.stripe.com to the fake Stripe API. */
export async function serveFakeStripeJs(context: BrowserContext, fakeApiUrl: string): Promise<void> {
  await context.route('https://js.stripe.com/**', async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/v3' || url.pathname === '/v3/')
      return route.fulfill({ contentType: 'application/javascript', body: stripeJs });
    if (url.pathname === new URL(FRAME_URL).pathname)
      return route.fulfill({ contentType: 'text/html', body: frameHtml });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await context.route('https://api.stripe.com/**', async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${fakeApiUrl}${url.pathname}${url.search}` });
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'access-control-allow-origin': '*' },
    });
  });
}
