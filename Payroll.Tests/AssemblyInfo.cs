// Tests share Hangfire's global job storage and the console; they run one at a time.
[assembly: NUnit.Framework.NonParallelizable]
