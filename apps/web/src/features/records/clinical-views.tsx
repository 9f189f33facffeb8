import type { ReactNode } from 'react';
import type { MessageKey } from '../../app/i18n/catalog';
import { useI18n } from '../../app/i18n/i18n';
import { Badge, Empty } from '../../app/ui/feedback';
import { allergies, documents, immunizations, medications, problems, visits } from './model/clinical';
import type { Resource } from './model/fhir-types';
import { FHIR_BASE } from './fhir-api';

function useStatus() {
  const { t } = useI18n();
  return (status: string) => {
    const key = `records.status.${status}` as MessageKey;
    const text = t(key);
    return text === key ? t('records.status.unknown') : text;
  };
}

function Item({ title, badge, children }: { title: string; badge?: ReactNode; children?: ReactNode }) {
  return (
    <li className="record-item">
      <div className="record-item-head">
        <span className="record-item-title">{title}</span>
        {badge}
      </div>
      {children}
    </li>
  );
}

const CURRENT = ['active', 'recurrence', 'relapse', 'on-hold', 'in-progress'];

function StatusBadge({ status }: { status: string }) {
  const label = useStatus();
  return <Badge tone={CURRENT.includes(status) ? 'info' : 'neutral'}>{label(status)}</Badge>;
}

export function ProblemsView({ resources }: { resources: readonly Resource[] }) {
  const { t, formatDate } = useI18n();
  const items = problems(resources);
  if (items.length === 0) return <Empty>{t('records.empty.problems')}</Empty>;
  return (
    <ul className="record-list">
      {items.map((p, i) => (
        <Item key={p.id ?? i} title={p.name} badge={<StatusBadge status={p.status} />}>
          <p className="muted small">
            {p.onset && t('records.since', { date: formatDate(p.onset) })}
            {p.resolved && ` · ${t('records.resolvedOn', { date: formatDate(p.resolved) })}`}
          </p>
        </Item>
      ))}
    </ul>
  );
}

export function MedicationsView({ resources }: { resources: readonly Resource[] }) {
  const { t, formatDate } = useI18n();
  const items = medications(resources);
  if (items.length === 0) return <Empty>{t('records.empty.medications')}</Empty>;
  return (
    <ul className="record-list">
      {items.map((m, i) => (
        <Item key={m.id ?? i} title={m.name} badge={<StatusBadge status={m.status} />}>
          {m.instructions && <p>{m.instructions}</p>}
          <p className="muted small">
            {m.prescribed && t('records.prescribedOn', { date: formatDate(m.prescribed) })}
            {m.prescriber && ` · ${t('records.by', { name: m.prescriber })}`}
          </p>
        </Item>
      ))}
    </ul>
  );
}

export function AllergiesView({ resources }: { resources: readonly Resource[] }) {
  const { t } = useI18n();
  const items = allergies(resources);
  if (items.length === 0) return <Empty>{t('records.empty.allergies')}</Empty>;
  return (
    <ul className="record-list">
      {items.map((a, i) => (
        <Item
          key={a.id ?? i}
          title={a.name}
          badge={
            a.criticality && (
              <Badge tone={a.criticality === 'high' ? 'bad' : 'neutral'}>
                {t(`records.criticality.${a.criticality}` as MessageKey)}
              </Badge>
            )
          }
        >
          {a.reactions.length > 0 && <p>{t('records.reactions', { list: a.reactions.join(', ') })}</p>}
        </Item>
      ))}
    </ul>
  );
}

export function ImmunizationsView({ resources }: { resources: readonly Resource[] }) {
  const { t, formatDate } = useI18n();
  const items = immunizations(resources);
  if (items.length === 0) return <Empty>{t('records.empty.immunizations')}</Empty>;
  return (
    <ul className="record-list">
      {items.map((v, i) => (
        <Item
          key={v.id ?? i}
          title={v.name}
          badge={v.status !== 'completed' ? <StatusBadge status={v.status} /> : undefined}
        >
          {v.date && (
            <time dateTime={v.date} className="muted small">
              {formatDate(v.date)}
            </time>
          )}
        </Item>
      ))}
    </ul>
  );
}

export function VisitsView({ resources }: { resources: readonly Resource[] }) {
  const { t, formatDate } = useI18n();
  const items = visits(resources);
  if (items.length === 0) return <Empty>{t('records.empty.visits')}</Empty>;
  return (
    <ol className="timeline">
      {items.map((v, i) => (
        <li key={v.id ?? i} className="timeline-item">
          <div className="timeline-head">
            <strong>{v.type}</strong>
            {v.status !== 'finished' && <StatusBadge status={v.status} />}
          </div>
          {v.reason && <p>{t('records.reason', { reason: v.reason })}</p>}
          <p className="muted small">{[v.place, v.clinician].filter(Boolean).join(' · ')}</p>
          {v.start && (
            <time dateTime={v.start} className="muted small">
              {formatDate(v.start)}
            </time>
          )}
        </li>
      ))}
    </ol>
  );
}

export function DocumentsView({ resources }: { resources: readonly Resource[] }) {
  const { t, formatDate } = useI18n();
  const items = documents(resources, FHIR_BASE);
  if (items.length === 0) return <Empty>{t('records.empty.documents')}</Empty>;
  return (
    <ul className="record-list">
      {items.map((d, i) => (
        <Item key={d.id ?? i} title={d.title}>
          {d.date && (
            <time dateTime={d.date} className="muted small">
              {formatDate(d.date)}
            </time>
          )}
          <ul className="plain-list">
            {d.attachments.map((a, j) =>
              a.href ? (
                <li key={j}>
                  <a href={a.href} target="_blank" rel="noopener noreferrer" download={a.title ?? true}>
                    {t('records.open', { title: a.title ?? d.title })}
                  </a>
                </li>
              ) : (
                <li key={j} className="muted small">
                  {t('records.noFile')}
                </li>
              ),
            )}
          </ul>
        </Item>
      ))}
    </ul>
  );
}
