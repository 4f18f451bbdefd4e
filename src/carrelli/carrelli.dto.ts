import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsOptional, IsString, IsUrl, Length, Matches, ValidateNested } from 'class-validator';
import { MAX_CARRELLO_ITEMS } from './domain/carrello.decider';

export class CarrelloDovutoDto {
  @ApiPropertyOptional({ example: 'c_h501', description: "ente of the dovuto; default: the ente in the path" })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_]{1,35}$/, { message: 'codIpa must be an IPA code, e.g. c_h501' })
  codIpa?: string;

  @ApiProperty({ example: 'TARI-2026-0001' }) @IsString() @Length(1, 35) iud!: string;
}

export class CreateCarrelloDto {
  @ApiProperty({ type: [CarrelloDovutoDto], description: `1 to ${MAX_CARRELLO_ITEMS} existing, payable dovuti` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CARRELLO_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => CarrelloDovutoDto)
  dovuti!: CarrelloDovutoDto[];

  @ApiProperty({ example: 'https://gestionale.comune.it/pagamenti/ritorno', description: 'where the citizen goes back to, with ?esito=OK|KO&idCarrello=' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'returnUrl must be an http or https URL' })
  returnUrl!: string;

  @ApiPropertyOptional({ example: 'mario.rossi@example.it' }) @IsOptional() @IsEmail() emailPagatore?: string;
}
