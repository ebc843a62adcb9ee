import { Notification } from 'electron';

/**
 * SLA alerts as OS notifications, so an agent working in another window still hears of a
 * warning or breach. Text only (title and body come through the contract, length-checked);
 * clicking brings the console forward. Returns false where the OS has no notification service.
 */
export function createOsNotifier(bringToFront: () => void): (notification: { title: string; body: string }) => boolean {
  return ({ title, body }) => {
    if (!Notification.isSupported()) return false;
    const shown = new Notification({ title, body });
    shown.on('click', bringToFront);
    shown.show();
    return true;
  };
}
