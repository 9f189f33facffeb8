import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../../app/api/client';
import { searchAll } from './fhir-api';
import type { Resource } from './model/fhir-types';
import { sectionQuery, type RecordSection } from './sections';

interface RecordState {
  resources: Resource[] | undefined;
  error: ApiError | null;
  loading: boolean;
}

/** Loads one section of a patient's record through the FHIR API. */
export function useRecordSection(patientId: string | null, section: RecordSection) {
  const [state, setState] = useState<RecordState>({ resources: undefined, error: null, loading: true });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!patientId) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    searchAll(sectionQuery(section, patientId), ctrl.signal).then(
      (resources) => setState({ resources, error: null, loading: false }),
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        setState({ resources: undefined, error: toApiError(err), loading: false });
      },
    );
    return () => ctrl.abort();
  }, [patientId, section, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
