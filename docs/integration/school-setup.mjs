// CI only: what a school admin does in the dashboard before an integration can start (log in,
// a school, an API key), done over HTTP. Prints the school id and the key, one per line.
const base = process.env.SL_BASE_URL;
const headers = { 'content-type': 'application/json', origin: base };
async function call(method, path, body, cookie) {
  const res = await fetch(base + path, {
    method,
    headers: { ...headers, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}
const login = await call('POST', '/api/v1/auth/login', {
  email: process.env.ADMIN_EMAIL,
  password: process.env.ADMIN_PASSWORD,
});
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const school = await (
  await call('POST', '/api/v1/institutions', { name: 'Basisschool De Integratie' }, cookie)
).json();
const key = await (
  await call(
    'POST',
    `/api/v1/institutions/${school.id}/api-keys`,
    { name: 'Voorbeeldkoppeling', scope: 'read-write' },
    cookie,
  )
).json();
console.log(school.id);
console.log(key.token);
