using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NotificationSends : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Permissions",
                table: "IntegrationKey",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "purchases");

            migrationBuilder.CreateTable(
                name: "NotificationSend",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentByUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SentByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Via = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    AudienceKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CustomerNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Segment = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Topic = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Channels = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    BodyEn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    TitleAr = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    BodyAr = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Link = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PlannedRecipients = table.Column<int>(type: "integer", nullable: false),
                    PlannedEmail = table.Column<int>(type: "integer", nullable: false),
                    PlannedSms = table.Column<int>(type: "integer", nullable: false),
                    PlannedPush = table.Column<int>(type: "integer", nullable: false),
                    PlannedInApp = table.Column<int>(type: "integer", nullable: false),
                    PlannedSuppressed = table.Column<int>(type: "integer", nullable: false),
                    Notified = table.Column<int>(type: "integer", nullable: false),
                    Cursor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CompletedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationSend", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NotificationSend_IdempotencyKey",
                table: "NotificationSend",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NotificationSend_Status_Id",
                table: "NotificationSend",
                columns: new[] { "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationSend");

            migrationBuilder.DropColumn(
                name: "Permissions",
                table: "IntegrationKey");
        }
    }
}
