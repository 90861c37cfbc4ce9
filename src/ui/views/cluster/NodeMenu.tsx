/**
 * A node's menu in the live cluster (Dynamo §4.8 failures, §4.9 membership): crash it, crash it
 * losing its disk, recover it, slow it down, or remove it from the ring. Each choice is an
 * intervention: recorded, replayed by a seek. It opens where it fits in the visible page (under
 * the node, else above it), and Esc or a click elsewhere closes it, Esc giving focus back to the node.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { NodeId } from '../../../core/types.ts';
import type { Fault } from '../../../sim/world-config.ts';
import type { StageNode } from './ClusterStage.tsx';
import { placeMenu, type MenuPlacement } from './menu-placement.ts';

interface NodeMenuProps {
  node: StageNode;
  at: { x: number; y: number };
  /** The node's current latency factor (1: normal). */
  slowFactor: number;
  /** Why the node cannot leave the ring now (too few nodes would remain), if it cannot. */
  leaveBlocked?: string | undefined;
  onFault: (fault: Fault) => void;
  onClose: () => void;
}

const SLOW_FACTORS = [2, 5, 10, 50];
/** Room kept between the menu and the window's edges, px. */
const VIEW_MARGIN = 8;

function nodeElement(id: NodeId): SVGGElement | null {
  return document.querySelector<SVGGElement>(`[data-testid="node-${CSS.escape(id)}"]`);
}

/**
 * Places the menu once it is laid out, and again when its content or the window changes: `at` is
 * the node's bottom centre in the menu's container; the disc, measured, gives the node's top.
 */
function usePlacement(
  menuRef: RefObject<HTMLDivElement | null>,
  id: NodeId,
  at: { x: number; y: number },
  contentKey: string,
): { left: number; top: number; placement: MenuPlacement } | null {
  const [place, setPlace] = useState<{ left: number; top: number; placement: MenuPlacement } | null>(null);
  useLayoutEffect(() => {
    const measure = () => {
      const menu = menuRef.current;
      const container = menu?.offsetParent;
      if (!menu || !container) return;
      const box = container.getBoundingClientRect();
      const disc = nodeElement(id)?.querySelector('.node-disc')?.getBoundingClientRect();
      const node = disc
        ? { left: disc.left, top: disc.top, right: disc.right, bottom: disc.bottom }
        : { left: box.left + at.x, top: box.top + at.y, right: box.left + at.x, bottom: box.top + at.y };
      const view = {
        left: VIEW_MARGIN,
        top: Math.max(VIEW_MARGIN, box.top),
        right: window.innerWidth - VIEW_MARGIN,
        bottom: window.innerHeight - VIEW_MARGIN,
      };
      const placed = placeMenu(node, { width: menu.offsetWidth, height: menu.offsetHeight }, view);
      setPlace({ left: placed.left - box.left, top: placed.top - box.top, placement: placed.placement });
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [menuRef, id, at.x, at.y, contentKey]);
  return place;
}

/** Esc closes the menu and puts focus back on its node; a press anywhere but the menu or its node closes it. */
function useDismiss(menuRef: RefObject<HTMLDivElement | null>, id: NodeId, onClose: () => void) {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Only the menu closes: presenter mode, which also answers Esc, stays on.
      event.stopPropagation();
      event.preventDefault();
      close.current();
      nodeElement(id)?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      const target = event.target instanceof Node ? event.target : null;
      if (target && menuRef.current?.contains(target)) return;
      // A press on its own node is that node's click, which closes the menu itself.
      if (target && nodeElement(id)?.contains(target)) return;
      close.current();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer, true);
    };
  }, [menuRef, id]);
}

export function NodeMenu({ node, at, slowFactor, leaveBlocked, onFault, onClose }: NodeMenuProps) {
  const [factor, setFactor] = useState(slowFactor > 1 ? slowFactor : 5);
  const act = (fault: Fault) => {
    onFault(fault);
    onClose();
  };
  const id: NodeId = node.id;
  const up = node.status === 'up';
  const down = node.status === 'crashed' || node.status === 'faulted';
  const menuRef = useRef<HTMLDivElement>(null);
  const place = usePlacement(menuRef, id, at, `${node.status}|${node.error ?? ''}|${slowFactor}|${leaveBlocked ?? ''}`);
  useDismiss(menuRef, id, onClose);
  return (
    <div
      ref={menuRef}
      className="node-menu"
      data-testid="node-menu"
      data-placement={place?.placement}
      role="menu"
      aria-label={`Node ${id}`}
      style={
        place
          ? { left: place.left, top: place.top, transform: 'none' }
          : { left: at.x, top: at.y + 8, visibility: 'hidden' }
      }
    >
      <div className="node-menu-title">
        <strong>{id}</strong> <span className="muted">{node.status}</span>
        <button type="button" className="close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {node.error ? <p className="node-menu-error">{node.error}</p> : null}
      <button
        type="button"
        role="menuitem"
        className="button"
        data-testid="node-crash"
        disabled={!up}
        onClick={() => act({ kind: 'crash', node: id })}
      >
        Crash
      </button>
      <button
        type="button"
        role="menuitem"
        className="button"
        data-testid="node-crash-disk"
        disabled={!up}
        onClick={() => act({ kind: 'crash', node: id, loseDisk: true })}
      >
        Crash, losing its disk
      </button>
      <button
        type="button"
        role="menuitem"
        className="button"
        data-testid="node-recover"
        disabled={!down}
        onClick={() => act({ kind: 'recover', node: id })}
      >
        Recover
      </button>
      <div className="node-menu-row">
        <button
          type="button"
          role="menuitem"
          className="button"
          data-testid="node-slow"
          disabled={!up}
          onClick={() => act({ kind: 'slow', node: id, factor })}
        >
          Slow ×{factor}
        </button>
        <select
          className="input"
          aria-label="Slow-down factor"
          value={factor}
          onChange={(e) => setFactor(Number(e.target.value))}
        >
          {SLOW_FACTORS.map((k) => (
            <option key={k} value={k}>
              ×{k}
            </option>
          ))}
        </select>
      </div>
      {slowFactor > 1 ? (
        <button
          type="button"
          role="menuitem"
          className="button"
          data-testid="node-normal-speed"
          onClick={() => act({ kind: 'slow', node: id, factor: 1 })}
        >
          Normal speed (now ×{slowFactor})
        </button>
      ) : null}
      <button
        type="button"
        role="menuitem"
        className="button danger"
        data-testid="node-leave"
        disabled={!up || leaveBlocked !== undefined}
        title={leaveBlocked}
        onClick={() => act({ kind: 'leave', node: id })}
      >
        Remove from ring
      </button>
      {up && leaveBlocked ? (
        <p className="node-menu-error" data-testid="node-leave-blocked">
          {leaveBlocked}
        </p>
      ) : null}
    </div>
  );
}
