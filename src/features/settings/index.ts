export { SettingsPage } from './SettingsPage';
export { SignInPage } from './SignInPage';
