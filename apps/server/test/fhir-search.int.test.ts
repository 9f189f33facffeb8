import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importForTenant } from '../src/fhir/import/import.service.js';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { FhirClient } from './fhir-helpers.js';
import type { Json } from './fhir-helpers.js';
import { readBundle, syntheaFiles } from './fhir-fixtures.js';

/**
 * Search answers compared with answers computed here, in plain JavaScript over the fixture
 * files (never through the server's search code).
 */
type R = Record<string, Json>;
let server: TestServer;
let staff: FhirClient;
const all: R[] = [];
const BASE = 'http://localhost:3000/fhir/R4';

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const of = (type: string) => all.filter((r) => r.resourceType === type);
const key = (r: R) => `${r.resourceType}/${r.id}`;
const refOf = (ref: string | undefined) => ref?.replace(/^urn:uuid:/, '');
const refId = (ref: string | undefined) => refOf(ref)?.split('/').pop();
const codings = (cc: R | undefined): R[] => cc?.coding ?? [];
const instant = (o: R) => Date.parse(o.effectiveDateTime);
const nameParts = (p: R): string[] =>
  (p.name ?? [])
    .flatMap((n: R) => [n.text, n.family, ...(n.given ?? []), ...(n.prefix ?? []), ...(n.suffix ?? [])])
    .filter(Boolean);

beforeAll(async () => {
  server = await startTestServer();
  const files = syntheaFiles().slice(0, 2 + 4);
  const tenant = { id: server.tenantId, slug: 'demo', name: 'Riverside' };
  const seen = new Set<string>();
  for (const file of files) {
    const bundle = readBundle(file);
    for (const e of bundle.entry) {
      if (!seen.has(key(e.resource))) all.push(e.resource);
      seen.add(key(e.resource));
    }
    await importForTenant(server.runtime.database.db, tenant, bundle, BASE, 'search-test');
  }
  const http = new TestClient(server.app);
  await enrolStaff(http, 'clinician@riverside.example');
  staff = new FhirClient(http);
}, 300_000);
afterAll(async () => server?.close());

/** Every match of a search (following next links), as sorted Type/id keys. */
async function found(query: string): Promise<string[]> {
  const keys: string[] = [];
  let url: string | null = query.includes('_count')
    ? query
    : `${query}${query.includes('?') ? '&' : '?'}_count=500`;
  while (url) {
    const res = await staff.get(url);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    keys.push(
      ...(res.body.entry ?? []).filter((e: R) => e.search.mode === 'match').map((e: R) => key(e.resource)),
    );
    const next = res.body.link.find((l: R) => l.relation === 'next')?.url;
    url = next ? next.slice(next.indexOf('/fhir/R4') + '/fhir/R4'.length) : null;
  }
  expect(new Set(keys).size).toBe(keys.length);
  return keys.sort();
}
const expectedKeys = (rs: R[]) => rs.map(key).sort();

describe('string parameters', () => {
  it('match a folded prefix of Json name part by default', async () => {
    const family = of('Patient')[0]!.name[0].family as string;
    const prefix = family.slice(0, 3).toUpperCase();
    expect(await found(`/Patient?name=${encodeURIComponent(prefix)}`)).toEqual(
      expectedKeys(of('Patient').filter((p) => nameParts(p).some((n) => fold(n).startsWith(fold(prefix))))),
    );
    expect(await found(`/Patient?family=${encodeURIComponent(prefix.toLowerCase())}`)).toEqual(
      expectedKeys(
        of('Patient').filter((p) => p.name.some((n: R) => fold(n.family).startsWith(fold(prefix)))),
      ),
    );
  });

  it(':exact is case-sensitive and whole, :contains matches inside', async () => {
    const family = of('Patient')[1]!.name[0].family as string;
    expect(await found(`/Patient?family:exact=${encodeURIComponent(family)}`)).toEqual(
      expectedKeys(of('Patient').filter((p) => p.name.some((n: R) => n.family === family))),
    );
    expect(await found(`/Patient?family:exact=${encodeURIComponent(family.toLowerCase())}`)).toEqual([]);
    expect(await found('/Patient?name:contains=AR')).toEqual(
      expectedKeys(of('Patient').filter((p) => nameParts(p).some((n) => fold(n).includes('ar')))),
    );
  });
});

describe('token parameters', () => {
  const code = () => codings(of('Observation')[0]!.code)[0]!;

  it('match system|code, bare code, |code and system|', async () => {
    const { system, code: c } = code();
    const withCode = of('Observation').filter((o) => codings(o.code).some((x) => x.code === c));
    expect(await found(`/Observation?code=${encodeURIComponent(`${system}|${c}`)}`)).toEqual(
      expectedKeys(
        of('Observation').filter((o) => codings(o.code).some((x) => x.code === c && x.system === system)),
      ),
    );
    expect(await found(`/Observation?code=${c}`)).toEqual(expectedKeys(withCode));
    expect(await found(`/Observation?code=${encodeURIComponent(`|${c}`)}`)).toEqual([]);
    expect(await found(`/Condition?clinical-status=active`)).toEqual(
      expectedKeys(of('Condition').filter((x) => codings(x.clinicalStatus).some((k) => k.code === 'active'))),
    );
  });

  it('comma is OR, :not excludes, :text searches displays', async () => {
    const codes = [...new Set(of('Observation').map((o) => codings(o.code)[0]!.code))].slice(0, 2);
    expect(await found(`/Observation?code=${codes.join(',')}`)).toEqual(
      expectedKeys(of('Observation').filter((o) => codings(o.code).some((x) => codes.includes(x.code)))),
    );
    expect(await found(`/Observation?code:not=${codes[0]}`)).toEqual(
      expectedKeys(of('Observation').filter((o) => !codings(o.code).some((x) => x.code === codes[0]))),
    );
    expect(await found('/Observation?code:text=body')).toEqual(
      expectedKeys(
        of('Observation').filter((o) =>
          [o.code.text, ...codings(o.code).map((x) => x.display)].some(
            (t) => t && fold(t).startsWith('body'),
          ),
        ),
      ),
    );
  });
});

describe('date parameters and prefixes', () => {
  const day = Date.parse('2015-06-01T00:00:00Z');
  const dayEnd = day + 86_400_000 - 1;
  const obs = () => of('Observation');
  const cases: [string, (t: number) => boolean][] = [
    ['ge2015-06-01', (t) => t + 999 >= day],
    ['gt2015-06-01', (t) => t + 999 > dayEnd],
    ['lt2015-06-01', (t) => t < day],
    ['le2015-06-01', (t) => t <= dayEnd],
    ['sa2015-06-01', (t) => t > dayEnd],
    ['eb2015-06-01', (t) => t + 999 < day],
  ];
  it.each(cases)('date=%s', async (value, keep) => {
    expect(await found(`/Observation?date=${value}`)).toEqual(
      expectedKeys(obs().filter((o) => keep(instant(o)))),
    );
  });

  it('eq, ne and repeated parameters (AND) over a range', async () => {
    const one = obs()[5]!;
    const dayOf = new Date(instant(one)).toISOString().slice(0, 10);
    const start = Date.parse(`${dayOf}T00:00:00Z`);
    const inDay = (o: R) => instant(o) >= start && instant(o) + 999 <= start + 86_400_000 - 1;
    expect(await found(`/Observation?date=${dayOf}`)).toEqual(expectedKeys(obs().filter(inDay)));
    expect(await found(`/Observation?date=ne${dayOf}`)).toEqual(expectedKeys(obs().filter((o) => !inDay(o))));
    expect(await found('/Observation?date=ge2014-01-01&date=lt2016-01-01')).toEqual(
      expectedKeys(
        obs().filter(
          (o) =>
            instant(o) + 999 >= Date.parse('2014-01-01T00:00:00Z') &&
            instant(o) < Date.parse('2016-01-01T00:00:00Z'),
        ),
      ),
    );
    expect(await found(`/Patient?birthdate=${of('Patient')[0]!.birthDate}`)).toEqual(
      expectedKeys(of('Patient').filter((p) => p.birthDate === of('Patient')[0]!.birthDate)),
    );
  });
});

describe('reference, quantity, number and uri parameters', () => {
  it('references by Type/id, by bare id, and through the patient parameter', async () => {
    const patient = of('Patient')[2]!;
    const mine = expectedKeys(of('Observation').filter((o) => refId(o.subject.reference) === patient.id));
    expect(await found(`/Observation?subject=Patient/${patient.id}`)).toEqual(mine);
    expect(await found(`/Observation?subject=${patient.id}`)).toEqual(mine);
    expect(await found(`/Observation?patient=${patient.id}`)).toEqual(mine);
    const org = refId(of('Encounter')[0]!.serviceProvider.reference)!;
    expect(await found(`/Encounter?service-provider=Organization/${org}`)).toEqual(
      expectedKeys(of('Encounter').filter((e) => refId(e.serviceProvider?.reference) === org)),
    );
  });

  it('quantities with prefixes, system and unit; :missing', async () => {
    const q = (o: R) => o.valueQuantity as R | undefined;
    expect(await found('/Observation?value-quantity=gt100')).toEqual(
      expectedKeys(of('Observation').filter((o) => q(o) && q(o)!.value > 100)),
    );
    expect(
      await found(
        `/Observation?value-quantity=${encodeURIComponent('le5|http://unitsofmeasure.org|mmol/L')}`,
      ),
    ).toEqual(
      expectedKeys(of('Observation').filter((o) => q(o) && q(o)!.value <= 5 && q(o)!.code === 'mmol/L')),
    );
    expect(await found('/Observation?value-quantity:missing=true')).toEqual(
      expectedKeys(of('Observation').filter((o) => !q(o))),
    );
    expect(await found('/Observation?value-quantity:missing=false')).toEqual(
      expectedKeys(of('Observation').filter((o) => q(o))),
    );
  });

  it('numbers by precision and prefix; uris exactly and :below', async () => {
    const subject = { reference: `Patient/${of('Patient')[0]!.id}` };
    const made: R[] = [];
    for (const p of [0.2, 0.55, 0.9]) {
      const res = await staff.post('/RiskAssessment', {
        resourceType: 'RiskAssessment',
        status: 'final',
        subject,
        prediction: [{ probabilityDecimal: p }],
      });
      expect(res.status).toBe(201);
      made.push(res.body);
    }
    const ids = (keep: (p: number) => boolean) =>
      made
        .filter((m) => keep(m.prediction[0].probabilityDecimal))
        .map(key)
        .sort();
    expect(await found('/RiskAssessment?probability=gt0.5')).toEqual(ids((p) => p > 0.5));
    expect(await found('/RiskAssessment?probability=0.55')).toEqual(ids((p) => p >= 0.545 && p <= 0.555));
    expect(await found('/RiskAssessment?probability=le0.2')).toEqual(ids((p) => p <= 0.2));
    for (const url of ['http://example.org/q/1', 'http://example.org/q/2', 'http://other.example/q']) {
      expect(
        (await staff.post('/Questionnaire', { resourceType: 'Questionnaire', status: 'active', url })).status,
      ).toBe(201);
    }
    expect((await found('/Questionnaire?url=http://example.org/q/1')).length).toBe(1);
    expect((await found('/Questionnaire?url:below=http://example.org/q')).length).toBe(2);
  });
});

describe('chaining, _has, includes', () => {
  it('chains through a reference to the target parameter', async () => {
    const family = of('Patient')[3]!.name[0].family as string;
    const patients = of('Patient').filter((p) =>
      p.name.some((n: R) => fold(n.family).startsWith(fold(family))),
    );
    const ids = new Set(patients.map((p) => p.id));
    expect(await found(`/Observation?subject:Patient.family=${encodeURIComponent(family)}`)).toEqual(
      expectedKeys(of('Observation').filter((o) => ids.has(refId(o.subject.reference)))),
    );
    const orgName = of('Organization').find((o) =>
      of('Encounter').some((e) => refId(e.serviceProvider?.reference) === o.id),
    )!.name;
    const orgs = new Set(
      of('Organization')
        .filter((o) => fold(o.name).startsWith(fold(orgName)))
        .map((o) => o.id),
    );
    expect(await found(`/Encounter?service-provider.name=${encodeURIComponent(orgName)}`)).toEqual(
      expectedKeys(of('Encounter').filter((e) => orgs.has(refId(e.serviceProvider?.reference)))),
    );
  });

  it('_has selects patients by their observations', async () => {
    const c = codings(of('Condition')[0]!.code)[0]!.code;
    const ids = new Set(
      of('Condition')
        .filter((x) => codings(x.code).some((k) => k.code === c))
        .map((x) => refId(x.subject.reference)),
    );
    expect(await found(`/Patient?_has:Condition:subject:code=${c}`)).toEqual(
      expectedKeys(of('Patient').filter((p) => ids.has(p.id))),
    );
  });

  it('_include and _revinclude add the referenced and referring resources', async () => {
    const patient = of('Patient')[1]!;
    const res = await staff.get(
      `/Encounter?subject=Patient/${patient.id}&_include=Encounter:service-provider&_count=500`,
    );
    const included = res.body.entry
      .filter((e: R) => e.search.mode === 'include')
      .map((e: R) => key(e.resource))
      .sort();
    const orgs = new Set(
      of('Encounter')
        .filter((e) => refId(e.subject.reference) === patient.id)
        .map((e) => `Organization/${refId(e.serviceProvider.reference)}`),
    );
    expect(included).toEqual([...orgs].sort());
    const rev = await staff.get(`/Patient?_id=${patient.id}&_revinclude=Condition:subject`);
    expect(
      rev.body.entry
        .filter((e: R) => e.search.mode === 'include')
        .map((e: R) => key(e.resource))
        .sort(),
    ).toEqual(expectedKeys(of('Condition').filter((x) => refId(x.subject.reference) === patient.id)));
  });
});

describe('sorting, paging and result parameters', () => {
  it('_sort=-date pages through every match in order', async () => {
    const patient = of('Patient')[0]!;
    const mine = of('Observation').filter((o) => refId(o.subject.reference) === patient.id);
    const dates: number[] = [];
    const keys: string[] = [];
    let url: string | null = `/Observation?subject=Patient/${patient.id}&_sort=-date&_count=7`;
    while (url) {
      const res = await staff.get(url);
      for (const e of res.body.entry ?? []) {
        dates.push(Date.parse(e.resource.effectiveDateTime));
        keys.push(key(e.resource));
      }
      const next = res.body.link.find((l: R) => l.relation === 'next')?.url;
      url = next ? next.slice(next.indexOf('/fhir/R4') + 8) : null;
    }
    expect(keys.sort()).toEqual(expectedKeys(mine));
    expect(dates).toEqual(mine.map(instant).sort((x, y) => y - x));
  });

  it('a next link stays correct when resources are added before it', async () => {
    const patient = of('Patient')[1]!;
    const mine = expectedKeys(of('Observation').filter((o) => refId(o.subject.reference) === patient.id));
    const first = await staff.get(`/Observation?subject=Patient/${patient.id}&_sort=date&_count=5`);
    const seen = first.body.entry.map((e: R) => key(e.resource));
    const early = await staff.post('/Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'added while paging' },
      subject: { reference: `Patient/${patient.id}` },
      effectiveDateTime: '1900-01-01T00:00:00Z',
    });
    expect(early.status).toBe(201);
    let url: string | null = first.body.link.find((l: R) => l.relation === 'next').url;
    while (url) {
      const res = await staff.get(url.slice(url.indexOf('/fhir/R4') + 8));
      seen.push(...res.body.entry.map((e: R) => key(e.resource)));
      const next = res.body.link.find((l: R) => l.relation === 'next')?.url;
      url = next ?? null;
    }
    expect(seen.sort()).toEqual(mine);
  });

  it('_total, _summary=count, _elements, _id and _lastUpdated', async () => {
    const total = await staff.get('/Observation?_total=accurate&_count=1');
    expect(total.body.total).toBe(of('Observation').length + 1); // + the one added while paging
    const counted = await staff.get('/Condition?_summary=count');
    expect(counted.body.total).toBe(of('Condition').length);
    expect(counted.body.entry).toEqual([]);
    const slim = await staff.get('/Observation?_elements=code&_count=3');
    for (const e of slim.body.entry) {
      expect(e.resource.code).toBeDefined();
      expect(e.resource.valueQuantity).toBeUndefined();
    }
    const two = of('Patient').slice(0, 2);
    expect(await found(`/Patient?_id=${two.map((p) => p.id).join(',')}`)).toEqual(expectedKeys(two));
    expect(await found('/Condition?_lastUpdated=lt2000-01-01')).toEqual([]);
    expect(
      (
        await found(
          `/Condition?_lastUpdated=ge${new Date(Date.now() - 3_600_000).toISOString().slice(0, 10)}`,
        )
      ).length,
    ).toBe(of('Condition').length);
  });

  it('refuses malformed values with an OperationOutcome', async () => {
    for (const q of [
      '/Observation?date=yesterday',
      '/Observation?value-quantity=gtlots',
      '/Patient?family:sounds=x',
      '/Observation?_count=-1',
      '/Observation?_sort=nonsense',
    ]) {
      const res = await staff.get(q);
      expect(res.status, q).toBe(400);
      expect(res.body.resourceType).toBe('OperationOutcome');
    }
  });
});
