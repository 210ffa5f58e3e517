import type { Metadata } from 'next';
import type { CustomerProfile } from '@sidecart/contracts';
import { requireUser } from '@/lib/auth';
import { callApi, readOrProblem } from '@/lib/gateway';
import { AddressForm } from './AddressForm';
import { AddressList } from './AddressList';
import { DeleteAccountForm } from './DeleteAccountForm';
import { PasswordForm } from './PasswordForm';
import { ProfileForm } from './ProfileForm';
import { VerifyEmailForm } from './VerifyEmailForm';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ export?: string }> }) {
  const user = await requireUser('/account');
  const exportFailed = (await searchParams).export === 'failed';
  const { value: profile, problem } = await readOrProblem(
    callApi<CustomerProfile>(user, '/me').then((answer) => answer.body),
  );
  if (!profile) {
    return (
      <>
        <h1>Your account</h1>
        <p className="form-error" role="alert">
          {problem}
        </p>
      </>
    );
  }

  return (
    <div className="stack">
      <h1>Your account</h1>

      {!profile.emailVerified && (
        <section aria-labelledby="verify-heading">
          <h2 id="verify-heading">Confirm your email address</h2>
          <p>
            We mailed a link to {profile.email} when you signed up. Open it to confirm that the address is
            yours (you can shop meanwhile).
          </p>
          <VerifyEmailForm />
        </section>
      )}

      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile and preferences</h2>
        <ProfileForm profile={profile} />
      </section>

      <section aria-labelledby="addresses-heading">
        <h2 id="addresses-heading">Address book</h2>
        <AddressList addresses={profile.addresses} />
        <h3 id="new-address-heading">Add an address</h3>
        <AddressForm isFirst={profile.addresses.length === 0} />
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <PasswordForm />
      </section>

      <section aria-labelledby="export-heading">
        <h2 id="export-heading">Your data</h2>
        {exportFailed && (
          <p className="form-error" role="alert">
            We could not prepare your data download. Please try again in a minute.
          </p>
        )}
        <p>
          Download everything the shop stores about you (profile, addresses, order history) as a JSON file.
        </p>
        <p>
          {/* A plain link: the file is a download, not a page to navigate to. */}
          <a href="/account/export" download="sidecart-account.json">
            Download my data
          </a>
        </p>
      </section>

      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete account</h2>
        <DeleteAccountForm />
      </section>
    </div>
  );
}
