import {
  ArrowDown,
  ArrowLeft,
  ArrowUp,
  Ban,
  ChevronsUp,
  CircleAlert,
  CircleCheck,
  CircleDot,
  CircleX,
  Clock,
  Diamond,
  Hourglass,
  Loader,
  Minus,
  Pause,
  RefreshCw,
  Search,
  Sparkles,
  Square,
  Star,
  Triangle,
  TriangleAlert,
  Check,
  WifiOff,
  type LucideIcon,
} from 'lucide-react';

/**
 * Every pictogram in the console, by meaning. Drawn as SVG (lucide), never as emoji or symbol
 * characters: those depend on the fonts a machine has (Debian's Chromium drew "⛔" as an empty
 * box) and turn into colour emoji on others. Always beside words that say the same, so an icon is
 * decoration: hidden from assistive technology.
 */
const ICONS = {
  brand: Diamond,
  warning: TriangleAlert,
  problem: CircleAlert,
  breached: CircleX,
  rejected: CircleX,
  blocked: Ban,
  clock: Clock,
  pending: Hourglass,
  paused: Pause,
  met: CircleCheck,
  done: Check,
  verified: CircleCheck,
  syncing: RefreshCw,
  reconnecting: RefreshCw,
  checking: Loader,
  offline: WifiOff,
  search: Search,
  back: ArrowLeft,
  sortAscending: ArrowUp,
  sortDescending: ArrowDown,
  priority: Star,
  severityCritical: ChevronsUp,
  severityHigh: Triangle,
  severityMedium: Square,
  severityLow: Minus,
  statusNew: Sparkles,
  statusOpen: CircleDot,
} satisfies Record<string, LucideIcon>;

export type IconName = keyof typeof ICONS;

export function Icon({ name, className }: { name: IconName; className?: string }) {
  const Drawn = ICONS[name];
  return <Drawn className={className ? `icon ${className}` : 'icon'} aria-hidden="true" focusable="false" data-icon={name} />;
}
