import mongoose from 'mongoose';

/** One connection per service; mongoose buffers nothing so a down database fails fast. */
export async function connectMongo(url: string): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 5000,
    bufferCommands: false,
    autoIndex: true,
  });
  await connection.asPromise();
  return connection;
}

export async function pingMongo(connection: mongoose.Connection): Promise<void> {
  if (!connection.db) throw new Error('not connected');
  await connection.db.admin().ping();
}
