// What went wrong, as a sentence (electron/dav/http-errors.ts): network failures of every kind
// against real local servers (refused, TLS, unknown hosts, dropped connections), and each status
// a server may answer with.

import https from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorForStatus } from '../../electron/dav/http-errors';
import { testCertificate } from '../support/hostile-dav';
import { client, closedPortUrl, closeServers, failure, listen, serve } from '../support/local-http';

afterEach(closeServers);

describe('network errors', () => {
  let certificate: ReturnType<typeof testCertificate>;
  beforeAll(() => {
    certificate = testCertificate();
  });
  afterAll(() => {
    certificate.remove();
  });

  it('maps a closed port to connection-refused', async () => {
    const url = await closedPortUrl();
    const err = await failure(client(url).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('connection-refused');
    expect(err.message).toContain(new URL(url).host);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('maps a socket destroyed mid-body to connection-lost', async () => {
    const { url } = await serve((req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('x'.repeat(100), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const err = await failure(client(url).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('connection-lost');
  });

  it('maps a socket destroyed before any answer to connection-lost', async () => {
    const { url } = await serve((req) => req.socket.destroy());
    expect((await failure(client(url).request({ method: 'GET', url: '/' }))).code).toBe('connection-lost');
  });

  it('maps a self-signed certificate to tls', async () => {
    const port = await listen(https.createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => res.writeHead(200).end()));
    const err = await failure(client(`https://127.0.0.1:${port}/`).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('tls');
    expect(err.message).toMatch(/self-signed/);
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('maps https spoken to a plain-HTTP port to tls, suggesting http://', async () => {
    const { url, seen } = await serve((req, res) => res.writeHead(200).end());
    const err = await failure(client(url.replace('http:', 'https:')).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('tls');
    expect(err.code).not.toBe('server');
    expect(err.message).toContain('http://');
    expect(seen).toHaveLength(0);
  });

  it('maps an unknown host to host-not-found', async () => {
    const err = await failure(client('http://no-such-host.sharedeck.invalid/').request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('host-not-found');
    expect(err.message).toContain('no-such-host.sharedeck.invalid');
  });

  it('maps a port that fetch blocks to invalid-input', async () => {
    const err = await failure(client('http://127.0.0.1:6000/').request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toContain('port 6000');
  });

  it('passes an external abort through as the signal reason', async () => {
    const { url } = await serve(() => undefined);
    const ac = new AbortController();
    const p = client(url).request({ method: 'GET', url: '/', signal: ac.signal });
    setTimeout(() => {
      ac.abort(new Error('user cancelled'));
    }, 50);
    await expect(p).rejects.toThrow('user cancelled');
  });
});

describe('errorForStatus', () => {
  const page = (title: string, p = '') =>
    `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>x</h1><p>${p}</p></body></html>`;
  const at = 'https://dav.example.com/dav/calendars/user/alice/work/';

  it('maps 403 to forbidden with a sanitised excerpt', () => {
    const err = errorForStatus(
      { status: 403, url: at, text: page('403 <b>Forbidden</b> &amp; &lt;script&gt;alert(1)&lt;/script&gt;\n\tfor you') },
      'the calendar “Work”',
    );
    expect(err.code).toBe('forbidden');
    expect(err.status).toBe(403);
    expect(err.message).toContain('the calendar “Work”');
    expect(err.message).toContain('403 Forbidden & scriptalert(1)/script for you');
    expect(err.message).not.toMatch(/[<>\n\t]/);
  });

  it('maps 404 and 410 to not-found, using the first <p> when there is no title', () => {
    const err = errorForStatus(
      { status: 404, url: at, text: '<html><body><p>The requested\n URL was <em>not</em> found.</p><p>second</p></body></html>' },
      'the calendar “Work”',
    );
    expect(err.code).toBe('not-found');
    expect(err.message).toMatch(/^The calendar “Work” was not found/);
    expect(err.message).toContain('“The requested URL was not found.”');
    expect(err.message).not.toContain('second');
    expect(errorForStatus({ status: 410, url: at, text: '' }, 'it').code).toBe('not-found');
  });

  it('maps 405 and 501 to unsupported naming the thing', () => {
    for (const status of [405, 501]) {
      const err = errorForStatus({ status, url: at, text: page('Method Not Allowed') }, 'the address book “Team”');
      expect(err.code).toBe('unsupported');
      expect(err.message).toContain('does not allow that on the address book “Team”');
    }
  });

  it('maps 500 to server with the status and a truncated excerpt', () => {
    const err = errorForStatus({ status: 500, url: at, text: page('E'.repeat(300)) }, 'the calendar “Work”');
    expect(err.code).toBe('server');
    expect(err.status).toBe(500);
    expect(err.message).toContain('HTTP 500');
    expect(err.message).toContain('dav.example.com');
    expect(err.message).toContain('…');
    expect(err.message.length).toBeLessThan(260);
  });

  it('maps refusals, format errors, 413 and 401', () => {
    for (const status of [400, 409, 412, 422]) {
      const err = errorForStatus(
        { status, url: at, text: '<?xml version="1.0"?><error xmlns="DAV:"><need-privileges/></error>' },
        'the calendar “Work”',
      );
      expect(err.code).toBe('server');
      expect(err.message).toContain('refused');
      expect(err.message).not.toContain('need-privileges');
    }
    expect(errorForStatus({ status: 415, url: at, text: '' }, 'x').code).toBe('server');
    expect(errorForStatus({ status: 406, url: at, text: '' }, 'x').message).toContain('406');
    expect(errorForStatus({ status: 413, url: at, text: '' }, 'x')).toMatchObject({ code: 'server', status: 413 });
    expect(errorForStatus({ status: 401, url: at, text: '' }, 'x')).toMatchObject({ code: 'auth', status: 401 });
  });
});
