namespace Portal.Faq;

/// <summary>How rendered FAQ Markdown looks, on the help centre and in the editor's preview alike.</summary>
public static class FaqProse
{
    public const string Classes =
        "break-words [&_h1]:mt-6 [&_h1]:mb-2 [&_h1]:text-xl [&_h1]:font-bold [&_h2]:mt-6 [&_h2]:mb-2 [&_h2]:text-xl [&_h2]:font-semibold " +
        "[&_h3]:mt-4 [&_h3]:mb-2 [&_h3]:text-lg [&_h3]:font-semibold [&_h4]:mt-4 [&_h4]:font-semibold " +
        "[&_p]:my-3 [&_p]:leading-relaxed [&_ul]:my-3 [&_ul]:list-disc [&_ul]:ps-6 [&_ol]:my-3 [&_ol]:list-decimal [&_ol]:ps-6 [&_li]:my-1 " +
        "[&_a]:text-brand [&_a]:underline [&_a]:underline-offset-2 [&_code]:rounded [&_code]:bg-surface-2 [&_code]:px-1 " +
        "[&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-surface-2 [&_pre]:p-3 " +
        "[&_blockquote]:my-3 [&_blockquote]:border-s-4 [&_blockquote]:border-border [&_blockquote]:ps-4 [&_blockquote]:text-muted " +
        "[&_table]:my-4 [&_table]:w-full [&_table]:text-sm [&_th]:border-b-2 [&_th]:border-border [&_th]:px-2 [&_th]:py-2 [&_th]:text-start " +
        "[&_td]:border-b [&_td]:border-border [&_td]:px-2 [&_td]:py-2 [&_td]:align-top [&_img]:max-w-full [&_hr]:my-6 [&_hr]:border-border " +
        "[&>:first-child]:mt-0 [&>:last-child]:mb-0";
}
