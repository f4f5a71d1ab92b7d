import { ActionForm } from '../components/common.js';
import { PortFields } from './port-fields.js';

export interface PortFormProps {
  readonly csrf: string;
  readonly source: string;
  readonly version: string;
  /** The distribution it is ported from. */
  readonly from: string;
  /** The distributions it may be ported to (`from` among them: a rebuild). */
  readonly targets: readonly string[];
}

/** mini-buildd's "port: rebuild or port to": a no-changes upload of the version in `from` into the chosen distributions. */
export function PortForm({ csrf, source, version, from, targets }: PortFormProps) {
  return (
    <details class="port">
      <summary>Port or rebuild…</summary>
      <ActionForm
        action={`/packages/${encodeURIComponent(source)}/port`}
        csrf={csrf}
        fields={{ distribution: from }}
        confirm={`Port ${source} ${version} from ${from} to the chosen distributions? mbd makes, signs and uploads a new source version for each.`}
        label="Port"
      >
        <PortFields targets={targets} legend={`Port ${source} ${version} from ${from} to (${from} itself: a rebuild)`} />
      </ActionForm>
    </details>
  );
}
