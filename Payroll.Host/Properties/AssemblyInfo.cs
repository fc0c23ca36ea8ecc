using System.Resources;

// The neutral resources are Traditional Chinese (the working language); English is the second culture.
[assembly: NeutralResourcesLanguage("zh-TW")]
