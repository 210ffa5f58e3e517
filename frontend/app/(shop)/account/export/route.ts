import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth';
import { callApi, GatewayError } from '@/lib/gateway';

/** The shopper's data export (everything the shop stores about them) as a JSON download. */
export async function GET(): Promise<Response> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent('/account')}`);
  let data: unknown;
  try {
    data = (await callApi<unknown>(user, '/me/export')).body;
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    // A download link that fails would leave the shopper on a bare error; the account page explains.
    redirect('/account?export=failed');
  }
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="sidecart-account.json"',
      'cache-control': 'private, no-store',
    },
  });
}
