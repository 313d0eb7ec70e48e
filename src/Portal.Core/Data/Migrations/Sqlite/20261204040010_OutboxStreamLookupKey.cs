using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxStreamLookupKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PointsEntry_CustomerId_IdempotencyKey",
                table: "PointsEntry");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_StreamKey_Type_OccurredAtUtc",
                table: "OutboxMessages");

            migrationBuilder.AddColumn<string>(
                name: "StreamLookupKey",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // Every kind read per stream until now, i.e. all but the three the model leaves out of the stream index.
            migrationBuilder.Sql("""
                UPDATE "OutboxMessages" SET "StreamLookupKey" = "StreamKey"
                WHERE "Type" NOT IN ('PurchaseRecorded', 'PointsEarned', 'SegmentChanged')
                """);

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntry_IdempotencyKey_CustomerId",
                table: "PointsEntry",
                columns: new[] { "IdempotencyKey", "CustomerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_StreamKey_Failed",
                table: "OutboxMessages",
                column: "StreamKey",
                filter: "\"LastError\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_StreamLookupKey_Type_OccurredAtUtc",
                table: "OutboxMessages",
                columns: new[] { "StreamLookupKey", "Type", "OccurredAtUtc" },
                filter: "\"StreamLookupKey\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PointsEntry_IdempotencyKey_CustomerId",
                table: "PointsEntry");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_StreamKey_Failed",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_StreamLookupKey_Type_OccurredAtUtc",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "StreamLookupKey",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntry_CustomerId_IdempotencyKey",
                table: "PointsEntry",
                columns: new[] { "CustomerId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_StreamKey_Type_OccurredAtUtc",
                table: "OutboxMessages",
                columns: new[] { "StreamKey", "Type", "OccurredAtUtc" });
        }
    }
}
