namespace WelfarePlatform.SharingRequest.Agreements;

/// <summary>One clause of the agreement template, in Thai and English; bodies may name placeholders such as {agency}.</summary>
public sealed record AgreementClause(string Code, string TitleEn, string TitleTh, string BodyEn, string BodyTh);
