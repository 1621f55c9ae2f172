/**
 * `npm run demo`: plays the request → approval → applied story against local fakes and prints what
 * each person sees. Exits 1 when the story did not end with both people in their projects.
 */
import { runDemo } from './demo-story.js';

try {
  const summary = await runDemo(console.log);
  const happy = summary.ritaApplied && summary.ninaApplied;
  console.log(
    happy ? 'The story ended as it should: both people are in their projects.' : 'The story went wrong.',
  );
  process.exitCode = happy ? 0 : 1;
} catch (error) {
  console.error('The demo failed:', error);
  process.exitCode = 1;
}
