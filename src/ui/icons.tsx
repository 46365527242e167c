import type { ReactElement } from 'react';

/** Small inline stroke icons (no icon font: the CSP allows only our own assets, and these are few). */
type IconProps = { size?: number };
const svg = (size: number, children: ReactElement | ReactElement[]) => (
  <svg
    width={size}
    height={size}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth={1.75}
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    {children}
  </svg>
);

export const QueueIcon = ({ size = 18 }: IconProps) =>
  svg(size, [<path key="a" d="M4 6h16" />, <path key="b" d="M4 12h16" />, <path key="c" d="M4 18h10" />]);
export const QaIcon = ({ size = 18 }: IconProps) =>
  svg(size, [<path key="a" d="M9 12l2 2 4-4" />, <path key="b" d="M12 3l7 3v6c0 4.5-3 7.5-7 9-4-1.5-7-4.5-7-9V6z" />]);
export const SettingsIcon = ({ size = 18 }: IconProps) =>
  svg(size, [
    <circle key="a" cx="12" cy="12" r="3" />,
    <path
      key="b"
      d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z"
    />,
  ]);
export const UserIcon = ({ size = 16 }: IconProps) =>
  svg(size, [<circle key="a" cx="12" cy="8" r="4" />, <path key="b" d="M4 21c0-4 3.6-7 8-7s8 3 8 7" />]);
export const InboxIcon = ({ size = 40 }: IconProps) =>
  svg(size, [
    <path key="a" d="M22 12h-6l-2 3h-4l-2-3H2" />,
    <path key="b" d="M5.5 5.1L2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.5-6.9A2 2 0 0 0 16.7 4H7.3a2 2 0 0 0-1.8 1.1z" />,
  ]);
export const GavelMark = ({ size = 22 }: IconProps) =>
  svg(size, [
    <path key="a" d="M14.5 3.5l6 6" />,
    <path key="b" d="M11 7l6 6" />,
    <path key="c" d="M12.75 5.25l-3.5 3.5 6 6 3.5-3.5" />,
    <path key="d" d="M10.5 13.5L4 20" />,
    <path key="e" d="M3 21h9" />,
  ]);
/** A page of rules with a date tab: the policy versions. */
export const BellIcon = ({ size = 18 }: IconProps) =>
  svg(size, [<path key="a" d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />, <path key="b" d="M10.3 21a1.9 1.9 0 0 0 3.4 0" />]);
export const PolicyIcon = ({ size = 18 }: IconProps) =>
  svg(size, [<path key="a" d="M7 3h8l4 4v14H7z" />, <path key="b" d="M15 3v4h4" />, <path key="c" d="M10 11h6" />, <path key="d" d="M10 15h6" />, <path key="e" d="M4 7v14h3" />]);
/** A path forking to two ends: the admin's routing page. */
export const RoutingIcon = ({ size = 18 }: IconProps) =>
  svg(size, [<circle key="a" cx="5" cy="12" r="2.5" />, <path key="b" d="M7.5 12h4l5-6h2" />, <path key="c" d="M11.5 12l5 6h2" />, <circle key="d" cx="20" cy="6" r="1.5" />, <circle key="e" cx="20" cy="18" r="1.5" />]);
/** Two people: the supervisor's workforce view. */
export const TeamIcon = ({ size = 18 }: IconProps) =>
  svg(size, [<circle key="a" cx="9" cy="8" r="3.5" />, <path key="b" d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6" />, <circle key="c" cx="17" cy="9" r="2.5" />, <path key="d" d="M17 14c2.6 0 4.5 1.8 4.5 4.5" />]);
