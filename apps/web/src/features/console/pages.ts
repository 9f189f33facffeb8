/** Everything the staff console lazy-loads as one chunk. */
export { DashboardPage } from './dashboard-page';
export { UsersPage } from './users-page';
export { InvitationsPage } from './invitations-page';
export { PatientsPage, PatientPage } from './patients-page';
export { AuditPage } from './audit-page';
export { MailPage, MailDetailPage } from './mail-pages';
export { JobsPage } from './jobs-page';
export { PatientChartSectionPage, PatientChartTrendPage } from './patient-chart-page';
export { AppsPage } from './apps-page';
export { SchedulePage } from './schedule-page';
export { DirectoryPage } from './directory-page';
export { BillingAccountsPage } from './billing-accounts-page';
export { BillingAccountPage } from './billing-account-page';
export { BillingReportsPage } from './billing-reports-page';
