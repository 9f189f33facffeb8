import type { MessageKey } from '../../app/i18n/catalog';
import { useI18n } from '../../app/i18n/i18n';
import { Badge } from '../../app/ui/feedback';
import type { ResultFlag, ResultPoint } from './model/observations';

export function FlagBadge({ flag }: { flag: ResultFlag | undefined }) {
  const { t } = useI18n();
  if (!flag) return null;
  const tone = flag === 'normal' ? 'good' : flag.startsWith('critical') ? 'bad' : 'warn';
  return <Badge tone={tone}>{t(`records.flag.${flag}` as MessageKey)}</Badge>;
}

/** "Range 70–99", "Typical range below 200", or the lab's own text. */
export function RangeText({ point }: { point: ResultPoint }) {
  const { t } = useI18n();
  if (!point.rangeSource) return null;
  let range = point.rangeText;
  if (!range) {
    if (point.low !== undefined && point.high !== undefined) range = `${point.low}–${point.high}`;
    else if (point.low !== undefined) range = t('records.rangeAbove', { low: point.low });
    else if (point.high !== undefined) range = t('records.rangeBelow', { high: point.high });
  }
  if (!range) return null;
  const key = point.rangeSource === 'typical' ? 'records.typicalRange' : 'records.range';
  return <span className="muted small">{t(key, { range: `${range} ${point.unit}`.trim() })}</span>;
}

export function valueWithUnit(point: ResultPoint): string {
  return `${point.display} ${point.unit}`.trim();
}
