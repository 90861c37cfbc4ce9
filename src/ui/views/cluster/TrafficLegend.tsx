/** The legend of the cluster view: what each message colour means, and what a drop mark is. */
import { TRAFFIC_CLASSES, TRAFFIC_COLOURS, TRAFFIC_LABELS } from '../../theme/traffic-palette.ts';

export function TrafficLegend() {
  return (
    <ul className="traffic-legend" data-testid="traffic-legend" aria-label="Message colours">
      {TRAFFIC_CLASSES.map((c) => (
        <li key={c}>
          <span className="dot" style={{ background: TRAFFIC_COLOURS[c] }} aria-hidden="true" />
          {TRAFFIC_LABELS[c]}
        </li>
      ))}
      <li>
        <span className="drop-mark" aria-hidden="true">
          ✕
        </span>
        dropped (partition, cut, loss, crashed, faulted, left)
      </li>
      <li>
        <span className="dot hollow" aria-hidden="true" />
        lost in the network
      </li>
    </ul>
  );
}
