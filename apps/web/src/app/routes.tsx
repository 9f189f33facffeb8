import { lazy, type ComponentType } from 'react';
import type { Access } from './access';
import type { Params } from './router/match';
import { LandingPage } from '../features/landing/landing-page';
import { SignInPage } from '../features/auth/sign-in-page';
import { SignUpPage } from '../features/auth/sign-up-page';
import { VerifyEmailPage } from '../features/auth/verify-email-page';
import { ForgotPasswordPage } from '../features/auth/forgot-password-page';
import { ResetPasswordPage } from '../features/auth/reset-password-page';
import { InvitationPage } from '../features/auth/invitation-page';
import { HomePage } from '../features/home/home-page';
import { AccountPage } from '../features/account/account-page';
import { SecurityPage } from '../features/account/security-page';
import { AccessLogPage } from '../features/account/access-log-page';
import {
  RecordDownloadPage,
  RecordHomePage,
  RecordSectionPage,
  RecordSummaryPage,
  ResultTrendPage,
} from '../features/records/record-pages';
import { ConsentPage } from '../features/connected-apps/consent-page';
import { ConnectedAppsPage } from '../features/connected-apps/connected-apps-page';
import { AppointmentsPage } from '../features/appointments/appointments-page';
import { AppointmentPage } from '../features/appointments/appointment-page';
import { FindCarePage } from '../features/appointments/find-care-page';
import { ManageAppointmentPage } from '../features/appointments/manage-page';
import { WaitlistPage } from '../features/appointments/waitlist-page';
import { BillsPage } from '../features/billing/bills-page';
import { StatementPage } from '../features/billing/statement-page';
import { PlanPage } from '../features/billing/plan-page';
import { AutopayPage } from '../features/billing/autopay-page';
import { PayLinkPage } from '../features/billing/pay-link-page';

export interface PageProps {
  params: Params;
}

export interface RouteDef {
  path: string;
  access: Access;
  component: ComponentType<PageProps>;
}

type ConsolePages = typeof import('../features/console/pages');

/** The staff console is its own chunk: patients never download it. */
function consolePage(name: keyof ConsolePages) {
  return lazy(() => import('../features/console/pages').then((m) => ({ default: m[name] })));
}

export const routes: readonly RouteDef[] = [
  { path: '/', access: 'guest', component: LandingPage },
  { path: '/sign-in', access: 'guest', component: SignInPage },
  { path: '/sign-up', access: 'guest', component: SignUpPage },
  { path: '/verify-email', access: 'public', component: VerifyEmailPage },
  { path: '/forgot-password', access: 'public', component: ForgotPasswordPage },
  { path: '/reset-password', access: 'public', component: ResetPasswordPage },
  { path: '/invitation', access: 'public', component: InvitationPage },
  { path: '/home', access: 'patient', component: HomePage },
  { path: '/records', access: 'patient', component: RecordHomePage },
  { path: '/records/download', access: 'patient', component: RecordDownloadPage },
  { path: '/records/summary', access: 'patient', component: RecordSummaryPage },
  { path: '/records/results/:key', access: 'patient', component: ResultTrendPage },
  { path: '/records/:section', access: 'patient', component: RecordSectionPage },
  { path: '/appointments', access: 'patient', component: AppointmentsPage },
  { path: '/appointments/find', access: 'patient', component: FindCarePage },
  { path: '/appointments/waitlist', access: 'patient', component: WaitlistPage },
  { path: '/appointments/manage', access: 'public', component: ManageAppointmentPage },
  { path: '/appointments/:id', access: 'patient', component: AppointmentPage },
  { path: '/account', access: 'user', component: AccountPage },
  { path: '/account/security', access: 'user', component: SecurityPage },
  { path: '/account/access-log', access: 'user', component: AccessLogPage },
  { path: '/account/connected-apps', access: 'patient', component: ConnectedAppsPage },
  { path: '/connect/:uid', access: 'patient', component: ConsentPage },
  { path: '/bills', access: 'patient', component: BillsPage },
  { path: '/bills/statements/:id', access: 'patient', component: StatementPage },
  { path: '/bills/plan', access: 'patient', component: PlanPage },
  { path: '/bills/autopay', access: 'patient', component: AutopayPage },
  { path: '/pay', access: 'public', component: PayLinkPage },
  { path: '/pay/:token', access: 'public', component: PayLinkPage },
  { path: '/console', access: 'staff', component: consolePage('DashboardPage') },
  { path: '/console/billing', access: 'staff', component: consolePage('BillingAccountsPage') },
  { path: '/console/billing/accounts/:id', access: 'staff', component: consolePage('BillingAccountPage') },
  { path: '/console/billing/reports', access: 'staff', component: consolePage('BillingReportsPage') },
  { path: '/console/users', access: 'admin', component: consolePage('UsersPage') },
  { path: '/console/invitations', access: 'admin', component: consolePage('InvitationsPage') },
  { path: '/console/patients', access: 'staff', component: consolePage('PatientsPage') },
  { path: '/console/patients/:id', access: 'staff', component: consolePage('PatientPage') },
  {
    path: '/console/patients/:id/chart/results/:key',
    access: 'staff',
    component: consolePage('PatientChartTrendPage'),
  },
  {
    path: '/console/patients/:id/chart/:section',
    access: 'staff',
    component: consolePage('PatientChartSectionPage'),
  },
  { path: '/console/audit', access: 'admin', component: consolePage('AuditPage') },
  { path: '/console/mail', access: 'admin', component: consolePage('MailPage') },
  { path: '/console/mail/:id', access: 'admin', component: consolePage('MailDetailPage') },
  { path: '/console/jobs', access: 'admin', component: consolePage('JobsPage') },
  { path: '/console/apps', access: 'admin', component: consolePage('AppsPage') },
  { path: '/console/schedule', access: 'staff', component: consolePage('SchedulePage') },
  { path: '/console/directory', access: 'staff', component: consolePage('DirectoryPage') },
];
